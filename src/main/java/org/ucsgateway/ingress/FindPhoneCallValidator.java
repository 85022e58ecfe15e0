package org.ucsgateway.ingress;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Validation of FindPhoneCall parameters. Returns only the parameters the operation defines;
 * unknown parameters are ignored and never forwarded.
 */
public final class FindPhoneCallValidator {

    /** UCS interaction status names, in the order of their UCS codes 0-3. */
    public static final List<String> STATUSES = List.of("New", "Pending", "InProcess", "Stopped");
    /** UCS interaction type names, in the order of their UCS codes 0-4. */
    public static final List<String> TYPES = List.of("Unknown", "Internal", "Inbound", "Outbound", "Consult");

    private static final List<String> REQUIRED = List.of("callId", "status", "phoneNumber", "type");
    private static final List<String> OPTIONAL = List.of("contactId", "parentId", "threadId", "subject");

    /**
     * Checks the body and returns the validated parameters.
     *
     * @throws GatewayException statusCode 1 for a missing or blank mandatory parameter, statusCode 2
     *                          for a value of the wrong type or outside its allowed values
     */
    public ObjectNode validate(ObjectNode body) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        for (String name : REQUIRED) {
            parameters.put(name, requiredString(body, name));
        }
        for (String name : OPTIONAL) {
            String value = optionalString(body, name);
            if (value != null) {
                parameters.put(name, value);
            }
        }
        checkAllowed("status", parameters.get("status").asText(), STATUSES);
        checkAllowed("type", parameters.get("type").asText(), TYPES);
        parameters.set("userData", userData(body));
        return parameters;
    }

    static String requiredString(ObjectNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            throw GatewayException.missing(name);
        }
        if (!value.isTextual()) {
            throw GatewayException.invalid("Invalid value for parameter '" + name + "': expected a string, got "
                    + RequestParser.kind(value));
        }
        if (value.asText().isBlank()) {
            throw new GatewayException(StatusCode.MISSING_PARAMETER, 400,
                    "Missing required parameter '" + name + "': the value is blank");
        }
        return value.asText();
    }

    static String optionalString(ObjectNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw GatewayException.invalid("Invalid value for parameter '" + name + "': expected a string, got "
                    + RequestParser.kind(value));
        }
        return value.asText().isBlank() ? null : value.asText();
    }

    private static void checkAllowed(String name, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw GatewayException.invalid("Invalid value '" + value + "' for parameter '" + name
                    + "': expected one of " + String.join(", ", allowed));
        }
    }

    private static ObjectNode userData(ObjectNode body) {
        JsonNode value = body.get("userData");
        if (value == null || value.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!value.isObject()) {
            throw GatewayException.invalid("Invalid value for parameter 'userData': expected an object, got "
                    + RequestParser.kind(value));
        }
        return (ObjectNode) value;
    }
}
