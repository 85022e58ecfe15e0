package org.ucsgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/**
 * Rejected FindPhoneCall requests over real HTTP: each asserts the HTTP status, the statusCode,
 * a statusMessage that names the problem, an error body of exactly statusCode and statusMessage,
 * and that the request topic stayed empty.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FindPhoneCallValidationIT {

    private static final String VALID = """
            {"operationName":"FindPhoneCall","callId":"1231331","status":"InProcess","phoneNumber":"1231231231",\
            "type":"Inbound","userData":{"key1":"value1"}}""";

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

    @ParameterizedTest
    @ValueSource(strings = {"operationName", "callId", "status", "phoneNumber", "type"})
    void missingParameterIsStatusCode1(String parameter) throws Exception {
        ObjectNode body = valid();
        body.remove(parameter);
        assertRejected(send(body), 400, 1, "'" + parameter + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"operationName", "callId", "status", "phoneNumber", "type"})
    void nullParameterIsStatusCode1(String parameter) throws Exception {
        ObjectNode body = valid();
        body.putNull(parameter);
        assertRejected(send(body), 400, 1, "'" + parameter + "'");
    }

    @ParameterizedTest
    @MethodSource("blankValues")
    void blankParameterIsStatusCode1(String parameter, String blank) throws Exception {
        ObjectNode body = valid();
        body.put(parameter, blank);
        assertRejected(send(body), 400, 1, "'" + parameter + "'");
    }

    static Stream<Arguments> blankValues() {
        return Stream.of("operationName", "callId", "status", "phoneNumber", "type")
                .flatMap(name -> Stream.of(Arguments.of(name, ""), Arguments.of(name, "   ")));
    }

    @ParameterizedTest
    @MethodSource("invalidValues")
    void invalidValueIsStatusCode2(String parameter, String value) throws Exception {
        ObjectNode body = valid();
        body.put(parameter, value);
        HttpResponse<String> response = send(body);
        assertRejected(response, 400, 2, "'" + parameter + "'");
        assertTrue(message(response).contains(value), "statusMessage does not name the value: " + message(response));
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of("status", "Closed"),
                Arguments.of("status", "inprocess"),
                Arguments.of("status", "2"),
                Arguments.of("type", "Incoming"),
                Arguments.of("type", "inbound"),
                Arguments.of("operationName", "FindEmail"),
                Arguments.of("operationName", "findphonecall"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"callId", "status", "phoneNumber", "type", "contactId", "subject"})
    void numberWhereStringIsRequiredIsStatusCode2(String parameter) throws Exception {
        ObjectNode body = valid();
        body.put(parameter, 42);
        assertRejected(send(body), 400, 2, "'" + parameter + "'");
    }

    @Test
    void nonObjectUserDataIsStatusCode2() throws Exception {
        ObjectNode body = valid();
        body.putArray("userData").add("x");
        assertRejected(send(body), 400, 2, "'userData'");
    }

    @Test
    void wrongPasswordIsStatusCode20() throws Exception {
        HttpResponse<String> response = gateway.post(FindPhoneCallIT.PATH, TestUsers.AGENT, "wrong", VALID);
        assertRejected(response, 401, 20, "authenticated");
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    }

    @Test
    void unknownUserIsStatusCode20() throws Exception {
        HttpResponse<String> response = gateway.post(FindPhoneCallIT.PATH, "nobody", "secret", VALID);
        assertRejected(response, 401, 20, "authenticated");
    }

    @Test
    void missingCredentialsIsStatusCode20() throws Exception {
        HttpResponse<String> response = gateway.post(FindPhoneCallIT.PATH, null, null, "application/json", VALID);
        assertRejected(response, 401, 20, "authenticated");
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    }

    @Test
    void contactCenterWithoutFeatureSeesNoOperation() throws Exception {
        HttpResponse<String> response = gateway.post(FindPhoneCallIT.PATH, TestUsers.AGENT_WITHOUT_FEATURE,
                TestUsers.AGENT_WITHOUT_FEATURE_PASSWORD, VALID);
        assertRejected(response, 400, 2, "FindPhoneCall");
        assertTrue(message(response).contains("does not exist"), message(response));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "text/plain", "application/json; charset=ISO-8859-1"})
    void nonJsonMediaTypeIs415(String contentType) throws Exception {
        HttpResponse<String> response = gateway.post(FindPhoneCallIT.PATH, TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                contentType, contentType.startsWith("application/x-www") ? "operationName=FindPhoneCall" : VALID);
        assertRejected(response, 415, 2, "Content-Type");
    }

    @Test
    void missingContentTypeIs415() throws Exception {
        HttpResponse<String> response = gateway.post(FindPhoneCallIT.PATH, TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                null, VALID);
        assertRejected(response, 415, 2, "Content-Type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"operationName\":\"FindPhoneCall\",\"callId\":\"1\",\"callId\":\"2\"}",
        "{} {}", "[]", "\"FindPhoneCall\"", "42", "null", "", "   ", "{/* comment */}"})
    void malformedBodyIsStatusCode2(String body) throws Exception {
        HttpResponse<String> response = gateway.post(FindPhoneCallIT.PATH, TestUsers.AGENT, TestUsers.AGENT_PASSWORD, body);
        assertRejected(response, 400, 2, "body");
    }

    @Test
    void acceptedOnlyAfterEveryCheck() throws Exception {
        ObjectNode body = valid();
        body.put("status", "Closed");
        body.remove("callId");
        assertRejected(send(body), 400, 1, "'callId'");
    }

    private ObjectNode valid() throws Exception {
        return (ObjectNode) mapper.readTree(VALID);
    }

    private HttpResponse<String> send(ObjectNode body) throws Exception {
        return gateway.post(FindPhoneCallIT.PATH, TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                mapper.writeValueAsString(body));
    }

    private String message(HttpResponse<String> response) throws Exception {
        return mapper.readTree(response.body()).get("statusMessage").asText();
    }

    private void assertRejected(HttpResponse<String> response, int httpStatus, int statusCode, String named)
            throws Exception {
        assertEquals(httpStatus, response.statusCode(), "answer: " + response.body());
        JsonNode body = mapper.readTree(response.body());
        assertEquals(Set.of("statusCode", "statusMessage"), FindPhoneCallIT.fieldNames(body));
        assertEquals(statusCode, body.get("statusCode").asInt(), "answer: " + response.body());
        assertTrue(body.get("statusMessage").asText().contains(named),
                "statusMessage does not name " + named + ": " + body.get("statusMessage").asText());
    }
}
