package org.ucsgateway.ingress;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Checks of single request parameters, shared by the validators of every operation. */
final class Parameters {

    private Parameters() {
    }

    /**
     * Returns a mandatory string; statusCode 1 when missing, null or blank, 2 when not a string or
     * longer than its {@link FieldLengths} maximum.
     */
    static String requiredString(ObjectNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            throw GatewayException.missing(name);
        }
        if (!value.isTextual()) {
            throw wrongType(name, "a string", value);
        }
        if (value.asText().isBlank()) {
            throw new GatewayException(StatusCode.MISSING_PARAMETER, 400,
                    "Missing required parameter '" + name + "': the value is blank");
        }
        FieldLengths.check(name, value.asText());
        return value.asText();
    }

    /**
     * Returns an optional string, or null when absent, null or blank; statusCode 2 when not a
     * string or longer than its {@link FieldLengths} maximum.
     */
    static String optionalString(ObjectNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(name, "a string", value);
        }
        if (value.asText().isBlank()) {
            return null;
        }
        FieldLengths.check(name, value.asText());
        return value.asText();
    }

    /** Returns the userData object, or an empty object when absent or null; statusCode 2 when not an object. */
    static ObjectNode userData(ObjectNode body) {
        JsonNode value = body.get("userData");
        if (value == null || value.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!value.isObject()) {
            throw wrongType("userData", "an object", value);
        }
        return (ObjectNode) value;
    }

    static void checkAllowed(String name, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw GatewayException.invalid("Invalid value '" + value + "' for parameter '" + name
                    + "': expected one of " + String.join(", ", allowed));
        }
    }

    static GatewayException wrongType(String name, String expected, JsonNode value) {
        return GatewayException.invalid("Invalid value for parameter '" + name + "': expected " + expected
                + ", got " + RequestParser.kind(value));
    }
}
