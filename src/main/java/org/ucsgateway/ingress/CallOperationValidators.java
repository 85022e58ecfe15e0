package org.ucsgateway.ingress;

import java.math.BigInteger;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ucsgateway.store.IdGenerator;

/**
 * Validation of the operations on one interaction (SetCallContact, SetCallNote,
 * SetCallCompleted) and of IdentifyUCSContact. Each returns only the parameters its operation
 * defines. The interaction operations find the interactionId of the URL in the body under
 * {@code interactionId}.
 */
final class CallOperationValidators {

    /** Largest accepted callDuration: 24 hours in seconds. */
    static final int MAX_CALL_DURATION_SECONDS = 86_400;

    private CallOperationValidators() {
    }

    static ObjectNode setCallContact(ObjectNode body) {
        ObjectNode parameters = interaction(body);
        String contactPath = Parameters.requiredString(body, "contactPath");
        String contactId = contactPath.substring(contactPath.lastIndexOf('/') + 1);
        if (!contactPath.startsWith("/") || !IdGenerator.isValid(contactId)) {
            throw GatewayException.invalid("Invalid value '" + contactPath + "' for parameter 'contactPath': expected "
                    + "a path ending in a contact id of 16 characters [0-9A-Za-z], such as /contacts/0000DaA3G4VF000Q");
        }
        parameters.put("contactPath", contactPath);
        parameters.put("contactId", contactId);
        return parameters;
    }

    static ObjectNode setCallNote(ObjectNode body) {
        ObjectNode parameters = interaction(body);
        parameters.put("note", Parameters.requiredString(body, "note"));
        return parameters;
    }

    static ObjectNode setCallCompleted(ObjectNode body) {
        ObjectNode parameters = interaction(body);
        parameters.put("callDuration", callDuration(body));
        parameters.set("userData", Parameters.userData(body));
        return parameters;
    }

    static ObjectNode identifyContact(ObjectNode body) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        for (String name : List.of("phoneNumber", "emailAddress", "lastName", "mediaType")) {
            String value = Parameters.optionalString(body, name);
            if (value != null) {
                parameters.put(name, value);
            }
        }
        ObjectNode userData = Parameters.userData(body);
        if (!parameters.has("phoneNumber") && !parameters.has("emailAddress") && !parameters.has("lastName")
                && userData.isEmpty()) {
            throw new GatewayException(StatusCode.MISSING_PARAMETER, 400, "Missing required parameter: "
                    + "give at least one of 'phoneNumber', 'emailAddress', 'lastName' or 'userData' attributes");
        }
        userData.fields().forEachRemaining(field -> {
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw Parameters.wrongType("userData." + field.getKey(), "a string, number or boolean", field.getValue());
            }
        });
        parameters.set("userData", userData);

        String create = Parameters.optionalString(body, "createContactEnabled");
        if (create != null && !create.equals("true") && !create.equals("false")) {
            throw GatewayException.invalid("Invalid value '" + create
                    + "' for parameter 'createContactEnabled': expected one of true, false");
        }
        parameters.put("createContactEnabled", "true".equals(create) ? "true" : "false");
        return parameters;
    }

    private static ObjectNode interaction(ObjectNode body) {
        String interactionId = body.path("interactionId").asText();
        if (!IdGenerator.isValid(interactionId)) {
            throw GatewayException.invalid("Invalid interactionId '" + interactionId
                    + "' in the URL: expected 16 characters [0-9A-Za-z]");
        }
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        parameters.put("interactionId", interactionId);
        return parameters;
    }

    /** Accepts a whole number of seconds as a JSON number or a string of digits. */
    private static int callDuration(ObjectNode body) {
        JsonNode value = body.get("callDuration");
        if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            throw GatewayException.missing("callDuration");
        }
        BigInteger seconds;
        if (value.isIntegralNumber()) {
            seconds = value.bigIntegerValue();
        } else if (value.isTextual() && value.asText().trim().matches("[0-9]{1,12}")) {
            seconds = new BigInteger(value.asText().trim());
        } else {
            throw GatewayException.invalid("Invalid value " + value + " for parameter 'callDuration': expected a "
                    + "whole number of seconds from 0 to " + MAX_CALL_DURATION_SECONDS);
        }
        if (seconds.signum() < 0 || seconds.compareTo(BigInteger.valueOf(MAX_CALL_DURATION_SECONDS)) > 0) {
            throw GatewayException.invalid("Invalid value " + value + " for parameter 'callDuration': expected a "
                    + "whole number of seconds from 0 to " + MAX_CALL_DURATION_SECONDS);
        }
        return seconds.intValue();
    }
}
