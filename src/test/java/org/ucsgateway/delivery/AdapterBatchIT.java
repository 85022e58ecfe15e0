package org.ucsgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.builder.AdviceWith;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.ucsgateway.support.PrometheusText;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/**
 * The UCS adapter takes the records of a poll as one batch. A backlog written while the adapter
 * route was stopped arrives in batches that mix the request topic's partitions, because the one
 * adapter consumer is assigned all of them.
 */
class AdapterBatchIT {

    private static final int RECORDS = 300;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void batchCommitsEveryPartition() throws Exception {
        try (TestGateway gateway = startWithoutAdapter()) {
            Map<String, byte[]> backlog = new LinkedHashMap<>();
            for (int i = 0; i < RECORDS; i++) {
                if (i == RECORDS / 2) {
                    backlog.put("poison-in-the-middle", "{not json".getBytes(StandardCharsets.UTF_8));
                }
                backlog.put("batch-call-" + i, findPhoneCall(700_000 + i, "batch-call-" + i));
            }
            gateway.produceAll(gateway.requestTopic(), backlog);
            gateway.gateway().camelContext().getRouteController().startRoute("ucs-adapter");

            Map<Long, JsonNode> responses = responsesByReference(gateway, RECORDS);
            assertEquals(RECORDS, responses.size(), "distinct referenceIds answered");
            for (int i = 0; i < RECORDS; i++) {
                JsonNode notification = responses.get(700_000L + i).path("notification");
                assertEquals("true", notification.path("isCreated").asText(), "record " + i + ": " + notification);
                assertTrue(notification.path("interactionId").isTextual(), "record " + i + ": " + notification);
            }
            assertEquals(RECORDS, gateway.readAll(gateway.responseTopic(), RECORDS, Duration.ofSeconds(5)).size(),
                    "response records, one per valid request record");
            assertEquals(1, gateway.recordCount(gateway.deadLetterTopic()), "dead letters");

            Map<Integer, Long> lag = awaitNoLag(gateway);
            assertEquals(Map.of(0, 0L, 1, 0L, 2, 0L), lag, "request records not committed, by partition");

            PrometheusText metrics = new PrometheusText(gateway.get("/metrics").body());
            double batches = metrics.value("ucs_adapter_batch_records_count");
            double records = metrics.value("ucs_adapter_batch_records_sum");
            assertEquals(RECORDS + 1, records, 0.0, "records counted in batches");
            assertTrue(batches < records, "every batch held one record: " + batches + " batches");
            assertTrue(metrics.value("ucs_adapter_batch_records_max") > 1, metrics.text());
        }
    }

    @Test
    void failedRecordRepeatsWholeBatch() throws Exception {
        try (TestGateway gateway = startWithoutAdapter()) {
            int count = 40;
            Map<String, byte[]> backlog = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                backlog.put("retried-call-" + i, findPhoneCall(800_000 + i, "retried-call-" + i));
            }
            gateway.produceAll(gateway.requestTopic(), backlog);

            AtomicInteger executions = new AtomicInteger();
            AdviceWith.adviceWith(gateway.gateway().camelContext(), "ucs-adapter", route ->
                    route.weaveById("execute-operation").after().process(exchange -> {
                        if (executions.incrementAndGet() == count / 2) {
                            throw new IllegalStateException("injected failure after the store, in the middle of a batch");
                        }
                    }));
            if (!gateway.gateway().camelContext().getRouteController().getRouteStatus("ucs-adapter").isStarted()) {
                gateway.gateway().camelContext().getRouteController().startRoute("ucs-adapter");
            }

            Map<Long, JsonNode> responses = responsesByReference(gateway, count);
            assertEquals(count, responses.size(), "distinct referenceIds answered");
            assertTrue(executions.get() > count, "no record ran twice: " + executions.get() + " executions");
            List<ConsumerRecord<String, byte[]>> all = gateway.readAll(gateway.responseTopic(), count, Duration.ofSeconds(5));
            assertEquals(count, all.size(), "response records: the failed batch published none of its own");
            for (JsonNode response : responses.values()) {
                JsonNode notification = response.path("notification");
                assertEquals("true", notification.path("isCreated").asText(), notification.toString());
                String interactionId = notification.path("interactionId").asText();
                assertTrue(gateway.gateway().store().findById(TestUsers.CENTER_WITH_VOICE, interactionId).isPresent(),
                        "interaction " + interactionId + " not stored");
            }
            assertEquals(0, gateway.recordCount(gateway.deadLetterTopic()), "dead letters");
            assertEquals(Map.of(0, 0L, 1, 0L, 2, 0L), awaitNoLag(gateway), "request records not committed, by partition");
        }
    }

    private static TestGateway startWithoutAdapter() throws Exception {
        return TestGateway.start(Store.H2, Map.of("ucs.adapter.enabled", "false", "ucs.kafka.adapter-consumers", "1"));
    }

    private static Map<Long, JsonNode> responsesByReference(TestGateway gateway, int expected) throws Exception {
        Map<Long, JsonNode> responses = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : gateway.readAll(gateway.responseTopic(), expected,
                Duration.ofSeconds(60))) {
            JsonNode response = MAPPER.readTree(record.value());
            responses.put(response.path("referenceId").asLong(), response);
        }
        return responses;
    }

    private static Map<Integer, Long> awaitNoLag(TestGateway gateway) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<Integer, Long> lag = gateway.adapterLagByPartition();
        while (lag.values().stream().anyMatch(records -> records > 0) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            lag = gateway.adapterLagByPartition();
        }
        return lag;
    }

    private static byte[] findPhoneCall(long referenceId, String callId) {
        return ("{\"schemaVersion\":1,\"referenceId\":" + referenceId + ",\"operationName\":\"FindPhoneCall\",\"userName\":\""
                + TestUsers.AGENT + "\",\"contactCenter\":\"" + TestUsers.CENTER_WITH_VOICE + "\",\"parameters\":{\"callId\":\""
                + callId + "\",\"status\":\"New\",\"phoneNumber\":\"5550100\",\"type\":\"Inbound\",\"userData\":{}}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
