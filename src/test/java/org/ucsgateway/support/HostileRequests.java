package org.ucsgateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The five operations with a valid body each, a client that sends raw bytes with any headers,
 * and the checks every rejection must pass.
 */
public final class HostileRequests {

    /** The interactionId in the URL of the operations on one interaction. */
    public static final String INTERACTION_ID = "0000DaA3G4VF000Q";

    /** An operation, its path, a valid body and its mandatory parameters. */
    public enum Op {
        FIND_PHONE_CALL(ApiSteps.INTERACTIONS, """
                {"operationName":"FindPhoneCall","callId":"call-1","status":"InProcess","phoneNumber":"1231231231",\
                "type":"Inbound","contactId":"0000DaA3G4VF000Q","subject":"Billing","userData":{"key1":"value1"}}""",
                List.of("operationName", "callId", "status", "phoneNumber", "type")),
        SET_CALL_CONTACT(ApiSteps.INTERACTIONS + "/" + INTERACTION_ID, """
                {"operationName":"SetCallContact","contactPath":"/contacts/0000DaA3G4VF000Q"}""",
                List.of("operationName", "contactPath")),
        SET_CALL_NOTE(ApiSteps.INTERACTIONS + "/" + INTERACTION_ID, """
                {"operationName":"SetCallNote","note":"Customer asked for a refund"}""",
                List.of("operationName", "note")),
        SET_CALL_COMPLETED(ApiSteps.INTERACTIONS + "/" + INTERACTION_ID, """
                {"operationName":"SetCallCompleted","callDuration":30,"userData":{"key1":"value1"}}""",
                List.of("operationName", "callDuration")),
        IDENTIFY_UCS_CONTACT(ApiSteps.CONTACTS, """
                {"operationName":"IdentifyUCSContact","phoneNumber":"1231231231","lastName":"Smith",\
                "createContactEnabled":"false","userData":{"key1":"value1"}}""",
                List.of("operationName"));

        public final String path;
        public final String validBody;
        public final List<String> mandatory;

        Op(String path, String validBody, List<String> mandatory) {
            this.path = path;
            this.validBody = validBody;
            this.mandatory = mandatory;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Text that would show internals: exception and package names, stack frames, hosts, the server. */
    private static final List<String> LEAKS = List.of("exception", "org.", "java.", "jakarta.", "\tat ", "127.0.0.1",
            "localhost", "jetty", "camel", "kafka", "jackson", "sql");

    private HostileRequests() {
    }

    /** POSTs raw bytes with the agent's credentials; a null content type sends none. */
    public static HttpResponse<String> post(TestGateway gateway, String path, String contentType, byte[] body,
                                            Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", TestGateway.basic(TestUsers.AGENT, TestUsers.AGENT_PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> post(TestGateway gateway, Op op, byte[] body) throws Exception {
        return post(gateway, op.path, "application/json", body, Map.of());
    }

    /**
     * POSTs a body over the size limit. The gateway responds 413 and closes the connection without
     * reading the body, so a client still sending it can lose the response to the reset connection
     * (docs/input-rules.md). Such an attempt is repeated, up to three times in all.
     */
    public static HttpResponse<String> postOversized(TestGateway gateway, Op op, byte[] body) throws Exception {
        java.io.IOException lost = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return post(gateway, op, body);
            } catch (java.io.IOException e) {
                lost = e;
            }
        }
        throw lost;
    }

    public static HttpResponse<String> post(TestGateway gateway, Op op, String body) throws Exception {
        return post(gateway, op, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Asserts the HTTP status, a body of exactly statusCode and statusMessage, the statusCode, a
     * statusMessage containing {@code named}, and no internals in the body or headers.
     */
    public static JsonNode assertRejected(HttpResponse<String> response, int httpStatus, int statusCode, String named)
            throws Exception {
        assertEquals(httpStatus, response.statusCode(), "answer: " + response.body());
        JsonNode body = MAPPER.readTree(response.body());
        assertEquals(Set.of("statusCode", "statusMessage"), ApiSteps.fieldNames(body), "answer: " + response.body());
        assertEquals(statusCode, body.get("statusCode").asInt(), "answer: " + response.body());
        String message = body.get("statusMessage").asText();
        assertTrue(message.contains(named), "statusMessage does not name " + named + ": " + message);
        assertNoInternals(response);
        return body;
    }

    /** Asserts that neither the body nor a header value shows an exception, a package, a host or the server. */
    public static void assertNoInternals(HttpResponse<String> response) {
        String body = response.body().toLowerCase(Locale.ROOT);
        for (String leak : LEAKS) {
            assertFalse(body.contains(leak), "answer shows '" + leak + "': " + response.body());
        }
        response.headers().map().forEach((name, values) -> {
            for (String value : values) {
                String lower = value.toLowerCase(Locale.ROOT);
                assertFalse(lower.contains("jetty") || lower.contains("camel") || lower.contains("exception"),
                        "header " + name + " shows internals: " + value);
            }
            assertFalse(name.toLowerCase(Locale.ROOT).startsWith("camel")
                    || name.toLowerCase(Locale.ROOT).startsWith("kafka"), "answer has internal header " + name);
        });
    }
}
