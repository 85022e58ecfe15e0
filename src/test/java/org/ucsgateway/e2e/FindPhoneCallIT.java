package org.ucsgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.CometdTestClient;
import org.ucsgateway.support.CometdTestClient.Transport;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/**
 * FindPhoneCall end to end, as a client sees it: POST over real HTTP, the record on the real
 * request topic, the row in the store, and the notification through a real CometD client.
 * Runs on the H2 store; {@link FindPhoneCallPostgresIT} runs the same tests on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FindPhoneCallIT {

    static final String PATH = "/api/v2/ucs/interactions";
    static final String SAMPLE = """
            {"operationName":"FindPhoneCall","callId":"%s","status":"InProcess","contactId":"0000DaA3G4VF000Q",\
            "phoneNumber":"1231231231","type":"Inbound","parentId":"XXXDDDD","threadId":"A34XX6BA0FX",\
            "userData":{"key1":"value1","key2":"value2"}}""";
    static final long MAX_REFERENCE_ID = (1L << 53) - 1;

    final ObjectMapper mapper = new ObjectMapper();
    TestGateway gateway;
    CometdTestClient agent;

    Store store() {
        return Store.H2;
    }

    @BeforeAll
    void startGateway() throws Exception {
        gateway = TestGateway.start(store());
        agent = ApiSteps.connectAgent(gateway, Transport.LONG_POLLING);
    }

    @AfterAll
    void stopGateway() throws Exception {
        ApiSteps.stop(agent, gateway);
    }

    @Test
    void sampleRequestCreatesThenFindsInteraction() throws Exception {
        String callId = "1231331-" + store();

        JsonNode first = accepted(post(TestUsers.AGENT, TestUsers.AGENT_PASSWORD, SAMPLE.formatted(callId)));
        long firstReference = first.get("referenceId").asLong();
        Map<String, Object> created = agent.awaitReference(firstReference, 20, TimeUnit.SECONDS);
        assertNotNull(created, "no notification for referenceId " + firstReference);
        assertEquals(Set.of("referenceId", "messageType", "interactionId", "isCreated"), created.keySet());
        assertEquals("createInteractionResponse", created.get("messageType"));
        assertEquals("true", created.get("isCreated"));
        String interactionId = (String) created.get("interactionId");
        assertTrue(interactionId.matches("[0-9A-Za-z]{16}"), "interactionId " + interactionId);

        JsonNode second = accepted(post(TestUsers.AGENT, TestUsers.AGENT_PASSWORD, SAMPLE.formatted(callId)));
        long secondReference = second.get("referenceId").asLong();
        assertNotEquals(firstReference, secondReference);
        Map<String, Object> found = agent.awaitReference(secondReference, 20, TimeUnit.SECONDS);
        assertNotNull(found, "no notification for referenceId " + secondReference);
        assertEquals(interactionId, found.get("interactionId"));
        assertEquals("false", found.get("isCreated"));
    }

    @Test
    void answerIsStatusCodeAndReferenceIdOnly() throws Exception {
        HttpResponse<String> response = post(TestUsers.AGENT, TestUsers.AGENT_PASSWORD, SAMPLE.formatted(newCallId()));

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = mapper.readTree(response.body());
        assertEquals(Set.of("statusCode", "referenceId"), fieldNames(body));
        assertEquals(0, body.get("statusCode").asInt());
        assertTrue(body.get("referenceId").isIntegralNumber());
        long referenceId = body.get("referenceId").asLong();
        assertTrue(referenceId > 0, "referenceId " + referenceId);
        assertTrue(referenceId <= MAX_REFERENCE_ID, "referenceId " + referenceId);
    }

    @Test
    void requestRecordCarriesKeyHeadersAndParameters() throws Exception {
        String callId = newCallId();
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + PATH))
                .header("Authorization", TestGateway.basic(TestUsers.AGENT, TestUsers.AGENT_PASSWORD))
                .header("Content-Type", "application/json")
                .header("X-Client-Trace", "client-value")
                .header("kafka.OVERRIDE_TOPIC", gateway.deadLetterTopic())
                .header("CamelKafkaOverrideTopic", gateway.deadLetterTopic())
                .header("kafka.KEY", "client-key")
                .POST(HttpRequest.BodyPublishers.ofString(SAMPLE.formatted(callId)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        long referenceId = accepted(response).get("referenceId").asLong();

        ConsumerRecord<String, byte[]> record = findRequestRecord(referenceId)
                .orElseThrow(() -> new AssertionError("no request record with referenceId " + referenceId));
        assertEquals(callId, record.key());
        assertEquals(String.valueOf(referenceId), header(record, "referenceId"));
        assertEquals(TestUsers.AGENT, header(record, "userName"));
        assertEquals(TestUsers.CENTER_WITH_VOICE, header(record, "contactCenter"));
        assertEquals("FindPhoneCall", header(record, "operationName"));
        assertEquals("1", header(record, "schemaVersion"));
        Set<String> headerNames = new HashSet<>();
        record.headers().forEach(h -> headerNames.add(h.key()));
        assertEquals(Set.of("referenceId", "userName", "contactCenter", "operationName", "schemaVersion"), headerNames);

        JsonNode value = mapper.readTree(record.value());
        assertEquals(1, value.get("schemaVersion").asInt());
        assertEquals(referenceId, value.get("referenceId").asLong());
        JsonNode parameters = value.get("parameters");
        assertEquals(callId, parameters.get("callId").asText());
        assertEquals("InProcess", parameters.get("status").asText());
        assertEquals("Inbound", parameters.get("type").asText());
        assertEquals("1231231231", parameters.get("phoneNumber").asText());
        assertEquals("value1", parameters.get("userData").get("key1").asText());
        assertEquals(0, gateway.recordCount(gateway.deadLetterTopic()));
    }

    @Test
    void storeHoldsEveryParameter() throws Exception {
        String callId = newCallId();
        String body = """
                {"operationName":"FindPhoneCall","callId":"%s","status":"New","phoneNumber":"+15550100",\
                "type":"Outbound","contactId":"0000DaA3G4VF000Q","parentId":"P1","threadId":"T1",\
                "subject":"Billing question","userData":{"n":1,"b":true,"list":[1,"x"],"o":{"k":null}}}"""
                .formatted(callId);
        long referenceId = accepted(post(TestUsers.AGENT, TestUsers.AGENT_PASSWORD, body)).get("referenceId").asLong();
        Map<String, Object> notification = agent.awaitReference(referenceId, 20, TimeUnit.SECONDS);
        assertNotNull(notification, "no notification for referenceId " + referenceId);

        Map<String, Object> row = gateway.gateway().store()
                .findById(TestUsers.CENTER_WITH_VOICE, (String) notification.get("interactionId"))
                .orElseThrow();
        assertEquals(callId, row.get("callId"));
        assertEquals("voice", row.get("mediaType"));
        assertEquals("New", row.get("status"));
        assertEquals("Outbound", row.get("type"));
        assertEquals("+15550100", row.get("phoneNumber"));
        assertEquals("0000DaA3G4VF000Q", row.get("contactId"));
        assertEquals("P1", row.get("parentId"));
        assertEquals("T1", row.get("threadId"));
        assertEquals("Billing question", row.get("subject"));
        assertEquals(mapper.readTree("{\"n\":1,\"b\":true,\"list\":[1,\"x\"],\"o\":{\"k\":null}}"),
                mapper.readTree((String) row.get("userData")));
        assertNotNull(row.get("startDate"));
    }

    @Test
    void contactMatchedByPhoneNumberWhenNoneGiven() throws Exception {
        String phoneNumber = "+1555" + System.nanoTime() % 1_000_000;
        String contactId = gateway.gateway().store().createContact(TestUsers.CENTER_WITH_VOICE, phoneNumber, null, "Doe");
        String body = """
                {"operationName":"FindPhoneCall","callId":"%s","status":"InProcess","phoneNumber":"%s","type":"Inbound"}"""
                .formatted(newCallId(), phoneNumber);

        long referenceId = accepted(post(TestUsers.AGENT, TestUsers.AGENT_PASSWORD, body)).get("referenceId").asLong();
        Map<String, Object> notification = agent.awaitReference(referenceId, 20, TimeUnit.SECONDS);
        assertNotNull(notification, "no notification for referenceId " + referenceId);

        Map<String, Object> row = gateway.gateway().store()
                .findById(TestUsers.CENTER_WITH_VOICE, (String) notification.get("interactionId")).orElseThrow();
        assertEquals(contactId, row.get("contactId"));
    }

    @Test
    void secondUserReceivesOnlyOwnNotifications() throws Exception {
        try (CometdTestClient second = CometdTestClient.connect(gateway.notificationsUrl(), TestUsers.SECOND_AGENT,
                TestUsers.SECOND_AGENT_PASSWORD, Transport.LONG_POLLING)) {
            long agentReference = accepted(post(TestUsers.AGENT, TestUsers.AGENT_PASSWORD, SAMPLE.formatted(newCallId())))
                    .get("referenceId").asLong();
            assertNotNull(agent.awaitReference(agentReference, 20, TimeUnit.SECONDS));

            long secondReference = accepted(post(TestUsers.SECOND_AGENT, TestUsers.SECOND_AGENT_PASSWORD,
                    SAMPLE.formatted(newCallId()))).get("referenceId").asLong();
            Map<String, Object> own = second.next(20, TimeUnit.SECONDS);
            assertNotNull(own, "second user received no notification of its own");
            assertEquals(secondReference, ((Number) own.get("referenceId")).longValue());
            assertNull(second.next(1, TimeUnit.SECONDS), "second user received another notification");
            assertNull(agent.awaitReference(secondReference, 2, TimeUnit.SECONDS),
                    "first user received the second user's notification");
        }
    }

    @Test
    void websocketClientReceivesNotification() throws Exception {
        try (CometdTestClient websocket = CometdTestClient.connect(gateway.notificationsUrl(), TestUsers.SECOND_AGENT,
                TestUsers.SECOND_AGENT_PASSWORD, Transport.WEBSOCKET)) {
            assertEquals("websocket", websocket.transportName());
            long referenceId = accepted(post(TestUsers.SECOND_AGENT, TestUsers.SECOND_AGENT_PASSWORD,
                    SAMPLE.formatted(newCallId()))).get("referenceId").asLong();

            Map<String, Object> notification = websocket.awaitReference(referenceId, 20, TimeUnit.SECONDS);
            assertNotNull(notification, "no notification over WebSocket for referenceId " + referenceId);
            assertEquals("true", notification.get("isCreated"));
        }
    }

    @Test
    void websocketHandshakeWithWrongPasswordFails() {
        assertThrows(IllegalStateException.class, () -> CometdTestClient.connect(gateway.notificationsUrl(),
                TestUsers.SECOND_AGENT, "wrong", Transport.WEBSOCKET).close());
    }

    @Test
    void clientCannotSubscribeToOtherChannels() throws Exception {
        assertFalse(agent.trySubscribe("/v2/ucs/interactions/" + TestUsers.SECOND_AGENT));
        assertFalse(agent.trySubscribe("/**"));
    }

    @Test
    void handshakeWithWrongPasswordFails() throws Exception {
        assertFalse(CometdTestClient.canHandshake(gateway.notificationsUrl(), TestUsers.AGENT, "wrong"));
        assertTrue(CometdTestClient.canHandshake(gateway.notificationsUrl(), TestUsers.AGENT, TestUsers.AGENT_PASSWORD));
    }

    @Test
    void listenCommandPrintsNotificationAsJsonLine() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        int[] exitStatus = {-1};
        Thread listener = new Thread(() -> {
            try {
                exitStatus[0] = new org.ucsgateway.cli.ListenCommand().run(new String[] {
                    "--url", gateway.notificationsUrl(), "--user", TestUsers.SECOND_AGENT,
                    "--password", TestUsers.SECOND_AGENT_PASSWORD, "--count", "1", "--timeout", "30"}, out);
            } catch (Exception e) {
                exitStatus[0] = 99;
            }
        });
        listener.start();
        Thread.sleep(2000);

        long referenceId = accepted(post(TestUsers.SECOND_AGENT, TestUsers.SECOND_AGENT_PASSWORD,
                SAMPLE.formatted(newCallId()))).get("referenceId").asLong();
        listener.join(40_000);

        assertEquals(0, exitStatus[0]);
        List<String> lines = output.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), "printed: " + lines);
        JsonNode line = mapper.readTree(lines.get(0));
        assertEquals(referenceId, line.get("referenceId").asLong());
        assertEquals("true", line.get("isCreated").asText());
    }

    HttpResponse<String> post(String user, String password, String body) throws Exception {
        return gateway.post(PATH, user, password, body);
    }

    JsonNode accepted(HttpResponse<String> response) throws Exception {
        return ApiSteps.accepted(response);
    }

    static String newCallId() {
        return ApiSteps.newCallId();
    }

    static Set<String> fieldNames(JsonNode node) {
        return ApiSteps.fieldNames(node);
    }

    private Optional<ConsumerRecord<String, byte[]>> findRequestRecord(long referenceId) {
        long count = gateway.recordCount(gateway.requestTopic());
        return gateway.readAll(gateway.requestTopic(), (int) count, Duration.ofSeconds(20)).stream()
                .filter(record -> String.valueOf(referenceId).equals(header(record, "referenceId")))
                .findFirst();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
