package org.ucsgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
 * Request records that the adapter can never process, produced straight to the request topic:
 * each goes once to the dead-letter topic with the failure and its source in the headers, its
 * user gets an error notification when the record names one, and valid records keep flowing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonRecordIT {

    private TestGateway gateway;
    private CometdTestClient agent;

    @BeforeAll
    void startGateway() throws Exception {
        gateway = TestGateway.start(Store.H2);
        agent = ApiSteps.connectAgent(gateway, Transport.LONG_POLLING);
    }

    @AfterAll
    void stopGateway() throws Exception {
        ApiSteps.stop(agent, gateway);
    }

    @Test
    void poisonRecordsGoOnceToDeadLetterTopic() throws Exception {
        String tooLongCallId = "x".repeat(300);
        gateway.produce(gateway.requestTopic(), "not-json", "{not json".getBytes(StandardCharsets.UTF_8), Map.of());
        gateway.produce(gateway.requestTopic(), "no-call-id", record(900_001, 1, "{\"status\":\"New\",\"phoneNumber\":\"5\",\"type\":\"Inbound\"}"),
                Map.of());
        gateway.produce(gateway.requestTopic(), "future", record(900_002, 99, "{}"), Map.of());
        gateway.produce(gateway.requestTopic(), "too-long", record(900_003, 1, "{\"callId\":\"" + tooLongCallId
                + "\",\"status\":\"New\",\"phoneNumber\":\"5\",\"type\":\"Inbound\",\"userData\":{}}"), Map.of());

        long valid = ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                ApiSteps.findPhoneCall(ApiSteps.newCallId())));
        assertNotNull(agent.awaitReference(valid, 30, TimeUnit.SECONDS), "valid request stopped flowing");

        for (long referenceId : new long[] {900_001, 900_002, 900_003}) {
            Map<String, Object> error = agent.awaitReference(referenceId, 30, TimeUnit.SECONDS);
            assertNotNull(error, "no error notification for referenceId " + referenceId);
            assertEquals("createInteractionResponse", error.get("messageType"));
            assertTrue(((String) error.get("errorMessage")).startsWith("UCS request failed"), error.toString());
            assertNull(error.get("interactionId"));
        }

        List<ConsumerRecord<String, byte[]>> deadLetters = gateway.readAll(gateway.deadLetterTopic(), 4,
                Duration.ofSeconds(30));
        assertEquals(4, deadLetters.size(), "dead letters: " + deadLetters.size());
        Thread.sleep(3000);
        assertEquals(4, gateway.recordCount(gateway.deadLetterTopic()), "a poison record was dead-lettered twice");

        Set<String> keys = new java.util.HashSet<>();
        for (ConsumerRecord<String, byte[]> deadLetter : deadLetters) {
            keys.add(deadLetter.key());
            assertEquals(gateway.requestTopic(), header(deadLetter, "sourceTopic"));
            assertTrue(header(deadLetter, "sourcePartition").matches("\\d+"));
            assertTrue(header(deadLetter, "sourceOffset").matches("\\d+"));
            assertNotNull(header(deadLetter, "failure"));
        }
        assertEquals(Set.of("not-json", "no-call-id", "future", "too-long"), keys);
        ConsumerRecord<String, byte[]> notJson = deadLetters.stream().filter(r -> r.key().equals("not-json")).findFirst()
                .orElseThrow();
        assertEquals("{not json", new String(notJson.value(), StandardCharsets.UTF_8));
    }

    private static byte[] record(long referenceId, int schemaVersion, String parameters) {
        return ("{\"schemaVersion\":" + schemaVersion + ",\"referenceId\":" + referenceId
                + ",\"operationName\":\"FindPhoneCall\",\"userName\":\"" + TestUsers.AGENT + "\",\"contactCenter\":\""
                + TestUsers.CENTER_WITH_VOICE + "\",\"parameters\":" + parameters + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
