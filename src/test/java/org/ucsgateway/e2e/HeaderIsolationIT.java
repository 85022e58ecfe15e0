package org.ucsgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ucsgateway.kafka.RecordHeaders;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.HostileRequests;
import org.ucsgateway.support.HostileRequests.Op;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestKafka;

/**
 * Client headers named like Camel and Kafka headers, in any case: none reaches the request
 * record, changes the topic, the record key, the route or the response, and none is echoed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeaderIsolationIT {

    private static final String OTHER_TOPIC = "hostile-override-topic";

    /** Headers a client might send to steer Camel or the Kafka producer. */
    private static final Map<String, String> HOSTILE_HEADERS = hostileHeaders();

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

    private static Map<String, String> hostileHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("CamelHttpResponseCode", "500");
        headers.put("camelhttpresponsecode", "201");
        headers.put("CAMELHTTPURI", "/api/v2/me");
        headers.put("camelhttpuri", "/api/v2/contacts/ucs");
        headers.put("CamelHttpPath", "/0000DaA3G4VF000Q");
        headers.put("CamelHttpMethod", "GET");
        headers.put("CamelHttpQuery", "operationName=SetCallNote");
        headers.put("CamelCharsetName", "UTF-16");
        headers.put("Camel-Http-Response-Code", "500");
        headers.put("kafka.OVERRIDE_TOPIC", OTHER_TOPIC);
        headers.put("KAFKA.override_topic", OTHER_TOPIC);
        headers.put("CamelKafkaOverrideTopic", OTHER_TOPIC);
        headers.put("kafka.KEY", "hostile-key");
        headers.put("kafka.key", "hostile-key");
        headers.put("CamelKafkaKey", "hostile-key");
        headers.put("kafka.PARTITION_KEY", "2");
        headers.put("kafka.PARTITION", "2");
        headers.put("kafka.HEADERS", "x");
        headers.put(RecordHeaders.REFERENCE_ID, "999999");
        headers.put(RecordHeaders.USER_NAME, "admin");
        headers.put(RecordHeaders.CONTACT_CENTER, "center-b");
        headers.put(RecordHeaders.OPERATION_NAME, "SetCallNote");
        headers.put(RecordHeaders.SCHEMA_VERSION, "99");
        headers.put("X-Hostile", "value");
        return headers;
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void hostileHeadersReachNeitherRecordNorAnswer(Op op) throws Exception {
        long before = gateway.recordCount(gateway.requestTopic());
        HttpResponse<String> response = HostileRequests.post(gateway, op.path, "application/json",
                op.validBody.getBytes(StandardCharsets.UTF_8), HOSTILE_HEADERS);

        long referenceId = ApiSteps.referenceId(response);
        HostileRequests.assertNoInternals(response);
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("")
                .split(";")[0].trim());
        for (String name : HOSTILE_HEADERS.keySet()) {
            assertFalse(response.headers().firstValue(name).isPresent(), "answer echoes header " + name);
        }
        assertEquals(before + 1, gateway.recordCount(gateway.requestTopic()), "the record is not on the request topic");

        ConsumerRecord<String, byte[]> record = recordOf(referenceId);
        Set<String> headerNames = new HashSet<>();
        for (Header header : record.headers()) {
            headerNames.add(header.key());
        }
        assertEquals(Set.of(RecordHeaders.SCHEMA_VERSION, RecordHeaders.REFERENCE_ID, RecordHeaders.OPERATION_NAME,
                RecordHeaders.USER_NAME, RecordHeaders.CONTACT_CENTER), headerNames);
        assertEquals(String.valueOf(referenceId), text(record, RecordHeaders.REFERENCE_ID));
        assertEquals("agent1", text(record, RecordHeaders.USER_NAME));
        assertEquals("center-a", text(record, RecordHeaders.CONTACT_CENTER));
        assertEquals(1, mapper.readTree(record.value()).get("schemaVersion").asInt());
        assertEquals(expectedKey(op), record.key());
        assertEquals(expectedOperation(op), mapper.readTree(record.value()).get("operationName").asText());
    }

    @Test
    void overrideTopicIsNeverCreated() throws Exception {
        HostileRequests.post(gateway, Op.FIND_PHONE_CALL.path, "application/json",
                Op.FIND_PHONE_CALL.validBody.getBytes(StandardCharsets.UTF_8), HOSTILE_HEADERS);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get();
            assertFalse(topics.contains(OTHER_TOPIC), "a client header created topic " + OTHER_TOPIC);
        }
    }

    @Test
    void hostileHeadersDoNotChangeRejection() throws Exception {
        long before = gateway.recordCount(gateway.requestTopic());
        HttpResponse<String> response = HostileRequests.post(gateway, Op.SET_CALL_NOTE.path, "application/json",
                "{\"operationName\":\"SetCallNote\"}".getBytes(StandardCharsets.UTF_8), HOSTILE_HEADERS);

        HostileRequests.assertRejected(response, 400, 1, "'note'");
        assertEquals(before, gateway.recordCount(gateway.requestTopic()));
    }

    private ConsumerRecord<String, byte[]> recordOf(long referenceId) throws Exception {
        List<ConsumerRecord<String, byte[]>> records = gateway.readAll(gateway.requestTopic(),
                (int) gateway.recordCount(gateway.requestTopic()), Duration.ofSeconds(20));
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode value = mapper.readTree(record.value());
            if (value.get("referenceId").asLong() == referenceId) {
                return record;
            }
        }
        throw new AssertionError("no request record with referenceId " + referenceId);
    }

    private static String text(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertTrue(header != null, "record lacks header " + name);
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String expectedKey(Op op) {
        return switch (op) {
            case FIND_PHONE_CALL -> "call-1";
            case IDENTIFY_UCS_CONTACT -> "1231231231";
            default -> HostileRequests.INTERACTION_ID;
        };
    }

    private static String expectedOperation(Op op) {
        return switch (op) {
            case FIND_PHONE_CALL -> "FindPhoneCall";
            case SET_CALL_CONTACT -> "SetCallContact";
            case SET_CALL_NOTE -> "SetCallNote";
            case SET_CALL_COMPLETED -> "SetCallCompleted";
            case IDENTIFY_UCS_CONTACT -> "IdentifyUCSContact";
        };
    }
}
