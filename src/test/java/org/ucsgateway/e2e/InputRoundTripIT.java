package org.ucsgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.CometdTestClient;
import org.ucsgateway.support.CometdTestClient.Transport;
import org.ucsgateway.support.HostileRequests;
import org.ucsgateway.support.HostileRequests.Op;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/**
 * Accepted input that must arrive unchanged: userData values of every JSON type, characters
 * outside the Basic Multilingual Plane, and values exactly at the input limits. Each is followed
 * through the request record, the store, the read-back {@code GET /api/v2/ucs/interactions/{id}}
 * and the notification. Runs on H2; {@link InputRoundTripPostgresIT} runs it on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputRoundTripIT {

    /** userData with every JSON type, nested values, escapes and non-BMP characters. */
    static final String EVERY_TYPE = """
            {"text":"value","empty":"","integer":42,"negative":-7,"long":9007199254740993,"fraction":1.5,\
            "small":2.5E-8,"zero":0,"true":true,"false":false,"null":null,\
            "object":{"nested":[1,"a",null,{"deep":true}],"emptyObject":{}},"array":[],\
            "emoji":"\uD83D\uDE00\uD83D\uDC4D\uD83C\uDFFD","cjk":"\u96FB\u8A71","escapes":"tab\\tline\\nquote\\"slash\\\\",\
            "\uD83D\uDD11 key":"\uD83D\uDCDE"}""";

    private static final String EMOJI_TEXT = "R\u00E9clamation \uD83D\uDE00 \u96FB\u8A71 \uD83C\uDDEB\uD83C\uDDF7";

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    TestGateway gateway;
    CometdTestClient agent;

    Store store() {
        return Store.H2;
    }

    @BeforeAll
    void startGateway() throws Exception {
        gateway = TestGateway.start(store());
        agent = ApiSteps.connectAgent(gateway, Transport.WEBSOCKET);
    }

    @AfterAll
    void stopGateway() throws Exception {
        ApiSteps.stop(agent, gateway);
    }

    @Test
    void userDataOfEveryTypeRoundTrips() throws Exception {
        JsonNode userData = mapper.readTree(EVERY_TYPE);
        ObjectNode body = findPhoneCall("call-\uD83D\uDE00-" + UUID.randomUUID());
        body.set("userData", userData);
        body.put("subject", EMOJI_TEXT);

        long referenceId = ApiSteps.referenceId(HostileRequests.post(gateway, Op.FIND_PHONE_CALL,
                mapper.writeValueAsBytes(body)));
        JsonNode parameters = recordParameters(referenceId);
        assertEquals(userData, parameters.get("userData"), "request record");
        String interactionId = interactionOf(referenceId);

        JsonNode readBack = read(interactionId);
        assertEquals(userData, readBack.get("userData"), "read-back");
        assertBytesEqual(EMOJI_TEXT, readBack.get("subject").asText());
        assertBytesEqual(body.get("callId").asText(), readBack.get("callId").asText());

        Map<String, Object> stored = gateway.gateway().store().findById(TestUsers.CENTER_WITH_VOICE, interactionId)
                .orElseThrow();
        assertEquals(userData, mapper.readTree((String) stored.get("userData")), "store");
        assertBytesEqual(EMOJI_TEXT, (String) stored.get("subject"));
    }

    @Test
    void completionUserDataOfEveryTypeIsMerged() throws Exception {
        long created = ApiSteps.referenceId(HostileRequests.post(gateway, Op.FIND_PHONE_CALL,
                mapper.writeValueAsBytes(findPhoneCall(ApiSteps.newCallId()))));
        String interactionId = interactionOf(created);
        JsonNode userData = mapper.readTree(EVERY_TYPE);

        ObjectNode completion = mapper.createObjectNode();
        completion.put("operationName", "SetCallCompleted");
        completion.put("callDuration", 12);
        completion.set("userData", userData);
        long referenceId = ApiSteps.referenceId(HostileRequests.post(gateway, ApiSteps.INTERACTIONS + "/" + interactionId,
                "application/json", mapper.writeValueAsBytes(completion), Map.of()));
        Map<String, Object> notification = agent.awaitReference(referenceId, 30, TimeUnit.SECONDS);
        assertNotNull(notification, "no notification for SetCallCompleted referenceId " + referenceId);
        assertEquals(true, notification.get("success"), notification.toString());

        JsonNode readBack = read(interactionId).get("userData");
        userData.fields().forEachRemaining(field ->
                assertEquals(field.getValue(), readBack.get(field.getKey()), "userData." + field.getKey()));
    }

    @Test
    void noteWithEmojiRoundTrips() throws Exception {
        String interactionId = interactionOf(ApiSteps.referenceId(HostileRequests.post(gateway, Op.FIND_PHONE_CALL,
                mapper.writeValueAsBytes(findPhoneCall(ApiSteps.newCallId())))));
        String note = EMOJI_TEXT + "\nline two\twith tab";
        ObjectNode body = mapper.createObjectNode().put("operationName", "SetCallNote").put("note", note);
        long referenceId = ApiSteps.referenceId(HostileRequests.post(gateway, ApiSteps.INTERACTIONS + "/" + interactionId,
                "application/json", mapper.writeValueAsBytes(body), Map.of()));
        assertNotNull(agent.awaitReference(referenceId, 30, TimeUnit.SECONDS), "no notification for SetCallNote");

        assertBytesEqual(note, read(interactionId).get("note").asText());
    }

    @Test
    void emojiInNotificationRoundTrips() throws Exception {
        String lastName = EMOJI_TEXT + " " + UUID.randomUUID();
        ObjectNode body = mapper.createObjectNode().put("operationName", "IdentifyUCSContact")
                .put("lastName", lastName).put("createContactEnabled", "false");
        long referenceId = ApiSteps.referenceId(HostileRequests.post(gateway, Op.IDENTIFY_UCS_CONTACT,
                mapper.writeValueAsBytes(body)));
        Map<String, Object> notification = agent.awaitReference(referenceId, 30, TimeUnit.SECONDS);
        assertNotNull(notification, "no notification for IdentifyUCSContact referenceId " + referenceId);

        String message = (String) notification.get("errorMessage");
        assertTrue(message.contains("lastName=" + lastName), "notification does not carry the last name: " + message);
    }

    @Test
    void valuesAtTheLimitsAreAccepted() throws Exception {
        ObjectNode body = findPhoneCall("c".repeat(253) + "\uD83D\uDE00");
        body.put("phoneNumber", "1".repeat(64));
        body.put("contactId", "0000DaA3G4VF000Q");
        body.put("subject", "\uD83D\uDE00".repeat(512));
        ObjectNode userData = body.putObject("userData");
        // The body is level 1 and userData level 2, so 14 nested arrays reach level 16.
        userData.set("deep", mapper.readTree("[".repeat(14) + "]".repeat(14)));
        userData.put("k".repeat(255), "x".repeat(16_384));
        userData.set("number", mapper.readTree("123456789.012345"));
        userData.set("integer", mapper.readTree(String.valueOf(Long.MIN_VALUE)));

        long referenceId = ApiSteps.referenceId(HostileRequests.post(gateway, Op.FIND_PHONE_CALL,
                mapper.writeValueAsBytes(body)));
        JsonNode readBack = read(interactionOf(referenceId));
        assertEquals(body.get("callId").asText(), readBack.get("callId").asText());
        assertEquals(body.get("subject").asText(), readBack.get("subject").asText());
        assertEquals(userData, readBack.get("userData"));
    }

    /**
     * The largest accepted body gives the largest notification: an IdentifyUCSContact that
     * matches nothing repeats every attribute in its errorMessage. It must still reach a
     * WebSocket client, whose default maximum message size is 64 KiB.
     */
    @Test
    void largestNotificationReachesWebSocketClient() throws Exception {
        ObjectNode body = mapper.createObjectNode().put("operationName", "IdentifyUCSContact")
                .put("createContactEnabled", "false");
        ObjectNode userData = body.putObject("userData");
        userData.put("a", UUID.randomUUID() + "x".repeat(16_000));
        userData.put("b", "y".repeat(16_000 - 1000));
        byte[] bytes = mapper.writeValueAsBytes(body);
        assertTrue(bytes.length > 31_000, "body size " + bytes.length);
        assertTrue(bytes.length <= 32_768, "body size " + bytes.length);

        long referenceId = ApiSteps.referenceId(HostileRequests.post(gateway, Op.IDENTIFY_UCS_CONTACT, bytes));
        assertEquals("websocket", agent.transportName());
        Map<String, Object> notification = agent.awaitReference(referenceId, 30, TimeUnit.SECONDS);
        assertNotNull(notification, "no notification for the largest request referenceId " + referenceId);
        assertTrue(((String) notification.get("errorMessage")).contains(userData.get("a").asText()));
    }

    private ObjectNode findPhoneCall(String callId) throws Exception {
        ObjectNode body = (ObjectNode) mapper.readTree(Op.FIND_PHONE_CALL.validBody);
        body.put("callId", callId);
        return body;
    }

    private JsonNode recordParameters(long referenceId) throws Exception {
        List<ConsumerRecord<String, byte[]>> records = gateway.readAll(gateway.requestTopic(),
                (int) gateway.recordCount(gateway.requestTopic()), java.time.Duration.ofSeconds(20));
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode value = mapper.readTree(record.value());
            if (value.get("referenceId").asLong() == referenceId) {
                return value.get("parameters");
            }
        }
        throw new AssertionError("no request record with referenceId " + referenceId);
    }

    private String interactionOf(long referenceId) throws Exception {
        Map<String, Object> created = agent.awaitReference(referenceId, 30, TimeUnit.SECONDS);
        assertNotNull(created, "no notification for FindPhoneCall referenceId " + referenceId);
        assertNotNull(created.get("interactionId"), "FindPhoneCall failed: " + created);
        return (String) created.get("interactionId");
    }

    private JsonNode read(String interactionId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + ApiSteps.INTERACTIONS + "/"
                        + interactionId))
                .header("Authorization", TestGateway.basic(TestUsers.AGENT, TestUsers.AGENT_PASSWORD)).GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        JsonNode body = mapper.readTree(response.body());
        return body.has("interaction") ? body.get("interaction") : body;
    }

    private static void assertBytesEqual(String expected, String actual) {
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8),
                "expected '" + expected + "' but was '" + actual + "'");
    }
}
