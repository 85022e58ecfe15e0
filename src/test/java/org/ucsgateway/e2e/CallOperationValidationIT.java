package org.ucsgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/**
 * Rejected SetCallContact, SetCallNote, SetCallCompleted and IdentifyUCSContact requests over
 * real HTTP: the HTTP status, the statusCode, a statusMessage naming the problem, and nothing on
 * the request topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallOperationValidationIT {

    private static final String INTERACTION = ApiSteps.INTERACTIONS + "/0000DaA3G4VF000Q";

    private final ObjectMapper mapper = new ObjectMapper();
    private TestGateway gateway;

    @BeforeAll
    void startGateway() throws Exception {
        gateway = TestGateway.start(Store.H2);
    }

    @AfterAll
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterEach
    void nothingPublished() {
        assertEquals(0, gateway.recordCount(gateway.requestTopic()), "a rejected request reached the request topic");
    }

    static Stream<Arguments> rejectedRequests() {
        return Stream.of(
                Arguments.of(INTERACTION, "{\"operationName\":\"SetCallNote\"}", 1, "'note'"),
                Arguments.of(INTERACTION, "{\"operationName\":\"SetCallNote\",\"note\":\"  \"}", 1, "'note'"),
                Arguments.of(INTERACTION, "{\"operationName\":\"SetCallNote\",\"note\":7}", 2, "'note'"),
                Arguments.of(INTERACTION, "{\"operationName\":\"SetCallContact\"}", 1, "'contactPath'"),
                Arguments.of(INTERACTION, "{\"operationName\":\"SetCallContact\",\"contactPath\":\"/contacts/short\"}",
                        2, "'contactPath'"),
                Arguments.of(INTERACTION, "{\"operationName\":\"SetCallContact\",\"contactPath\":\"0000DaA3G4VF000Q\"}",
                        2, "'contactPath'"),
                Arguments.of(INTERACTION, "{\"operationName\":\"SetCallCompleted\"}", 1, "'callDuration'"),
                Arguments.of(INTERACTION, "{\"operationName\":\"SetCallCompleted\",\"callDuration\":-1}", 2, "'callDuration'"),
                Arguments.of(INTERACTION, "{\"operationName\":\"SetCallCompleted\",\"callDuration\":1.5}", 2, "'callDuration'"),
                Arguments.of(INTERACTION, "{\"operationName\":\"SetCallCompleted\",\"callDuration\":\"ten\"}", 2, "'callDuration'"),
                Arguments.of(INTERACTION, "{\"operationName\":\"SetCallCompleted\",\"callDuration\":86401}", 2, "'callDuration'"),
                Arguments.of(INTERACTION, "{\"operationName\":\"SetCallCompleted\",\"callDuration\":5,\"userData\":[]}",
                        2, "'userData'"),
                Arguments.of(INTERACTION, "{\"operationName\":\"FindPhoneCall\"}", 2, "'operationName'"),
                Arguments.of(INTERACTION, "{\"operationName\":\"SetCallDeleted\"}", 2, "SetCallDeleted"),
                Arguments.of(ApiSteps.INTERACTIONS + "/not-an-id", "{\"operationName\":\"SetCallNote\",\"note\":\"n\"}",
                        2, "not-an-id"),
                Arguments.of(ApiSteps.CONTACTS, "{\"operationName\":\"IdentifyUCSContact\"}", 1, "'phoneNumber'"),
                Arguments.of(ApiSteps.CONTACTS, "{\"operationName\":\"IdentifyUCSContact\",\"lastName\":\"Doe\","
                        + "\"createContactEnabled\":\"yes\"}", 2, "'createContactEnabled'"),
                Arguments.of(ApiSteps.CONTACTS, "{\"operationName\":\"IdentifyUCSContact\",\"lastName\":\"Doe\","
                        + "\"createContactEnabled\":true}", 2, "'createContactEnabled'"),
                Arguments.of(ApiSteps.CONTACTS, "{\"operationName\":\"IdentifyUCSContact\",\"phoneNumber\":5}",
                        2, "'phoneNumber'"),
                Arguments.of(ApiSteps.CONTACTS, "{\"operationName\":\"IdentifyUCSContact\",\"userData\":{\"k\":{}}}",
                        2, "'userData.k'"),
                Arguments.of(ApiSteps.CONTACTS, "{\"operationName\":\"FindPhoneCall\"}", 2, "'operationName'"));
    }

    @ParameterizedTest
    @MethodSource("rejectedRequests")
    void invalidRequestIsRejected(String path, String body, int statusCode, String named) throws Exception {
        HttpResponse<String> response = gateway.post(path, TestUsers.AGENT, TestUsers.AGENT_PASSWORD, body);

        assertEquals(400, response.statusCode(), "answer: " + response.body());
        JsonNode answer = mapper.readTree(response.body());
        assertEquals(Set.of("statusCode", "statusMessage"), ApiSteps.fieldNames(answer));
        assertEquals(statusCode, answer.get("statusCode").asInt(), "answer: " + response.body());
        assertTrue(answer.get("statusMessage").asText().contains(named),
                "statusMessage does not name " + named + ": " + answer.get("statusMessage").asText());
    }
}
