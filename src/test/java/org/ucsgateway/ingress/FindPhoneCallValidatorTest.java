package org.ucsgateway.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class FindPhoneCallValidatorTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final FindPhoneCallValidator validator = new FindPhoneCallValidator();

    @Test
    void unknownParametersAreDropped() throws Exception {
        ObjectNode result = validator.validate(body("{\"callId\":\"1\",\"status\":\"New\",\"phoneNumber\":\"5\","
                + "\"type\":\"Inbound\",\"operationName\":\"FindPhoneCall\",\"extra\":\"x\"}"));
        assertFalse(result.has("extra"));
        assertFalse(result.has("operationName"));
        assertEquals("1", result.get("callId").asText());
    }

    @Test
    void missingUserDataBecomesEmptyObject() throws Exception {
        ObjectNode result = validator.validate(body("{\"callId\":\"1\",\"status\":\"New\",\"phoneNumber\":\"5\","
                + "\"type\":\"Inbound\"}"));
        assertTrue(result.get("userData").isObject());
        assertEquals(0, result.get("userData").size());
    }

    @Test
    void blankOptionalParameterIsLeftOut() throws Exception {
        ObjectNode result = validator.validate(body("{\"callId\":\"1\",\"status\":\"New\",\"phoneNumber\":\"5\","
                + "\"type\":\"Inbound\",\"contactId\":\" \",\"subject\":null}"));
        assertFalse(result.has("contactId"));
        assertFalse(result.has("subject"));
    }

    @Test
    void everyStatusAndTypeIsAccepted() throws Exception {
        for (String status : FindPhoneCallValidator.STATUSES) {
            for (String type : FindPhoneCallValidator.TYPES) {
                ObjectNode result = validator.validate(body("{\"callId\":\"1\",\"status\":\"" + status
                        + "\",\"phoneNumber\":\"5\",\"type\":\"" + type + "\"}"));
                assertEquals(status, result.get("status").asText());
                assertEquals(type, result.get("type").asText());
            }
        }
    }

    @Test
    void missingParameterIsReportedBeforeInvalidValue() throws Exception {
        GatewayException error = assertThrows(GatewayException.class,
                () -> validator.validate(body("{\"status\":\"Closed\",\"phoneNumber\":\"5\",\"type\":\"Inbound\"}")));
        assertEquals(StatusCode.MISSING_PARAMETER, error.statusCode());
        assertEquals("Missing required parameter 'callId'", error.getMessage());
    }

    @Test
    void invalidStatusListsAllowedValues() throws Exception {
        GatewayException error = assertThrows(GatewayException.class, () -> validator.validate(body(
                "{\"callId\":\"1\",\"status\":\"Closed\",\"phoneNumber\":\"5\",\"type\":\"Inbound\"}")));
        assertEquals(StatusCode.INVALID_PARAMETER, error.statusCode());
        assertEquals("Invalid value 'Closed' for parameter 'status': expected one of New, Pending, InProcess, Stopped",
                error.getMessage());
    }

    private ObjectNode body(String json) throws Exception {
        return (ObjectNode) mapper.readTree(json);
    }
}
