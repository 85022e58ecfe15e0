package org.ucsgateway.ingress;

import java.util.List;

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
            parameters.put(name, Parameters.requiredString(body, name));
        }
        for (String name : OPTIONAL) {
            String value = Parameters.optionalString(body, name);
            if (value != null) {
                parameters.put(name, value);
            }
        }
        Parameters.checkAllowed("status", parameters.get("status").asText(), STATUSES);
        Parameters.checkAllowed("type", parameters.get("type").asText(), TYPES);
        parameters.set("userData", Parameters.userData(body));
        return parameters;
    }
}
