package org.ucsgateway.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.kafka.TopicInitializer;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestKafka;
import org.ucsgateway.support.TestRoutes;
import org.ucsgateway.support.TestUsers;

/**
 * The worked examples of docs/routes.md, each applied to a copy of routes/ and checked on a
 * running gateway. Every snippet applied here must appear verbatim in docs/routes.md, so the page
 * and the test cannot drift apart.
 */
class RouteExamplesIT {

    private static final Path DOC = Path.of("docs/routes.md");

    static final String PUBLISH_STEP = """
                <to id="publish-request-record" uri="kafka:{{ucs.kafka.request-topic}}"/>
            """;
    static final String AUDIT_STEP = """
                <to id="publish-request-record" uri="kafka:{{ucs.kafka.request-topic}}"/>
                <wireTap id="audit-request-record" uri="kafka:ucs-gateway.audit"/>
            """;
    static final String PREPARE_STEP = """
                <bean id="prepare-request-record" ref="ingress" method="prepareRecord"/>
            """;
    static final String HEADER_STEP = """
                <bean id="prepare-request-record" ref="ingress" method="prepareRecord"/>
                <setHeader id="set-region-header" name="region">
                  <constant>eu-west</constant>
                </setHeader>
            """;
    static final String DEAD_LETTER_STEP = """
                <bean id="prepare-dead-letter" ref="deadLetters" method="prepare"/>
            """;
    static final String DEAD_LETTER_POLICY = """
                <bean id="prepare-dead-letter" ref="deadLetters" method="prepare"/>
                <setHeader id="set-dead-lettered-by" name="deadLetteredBy">
                  <simple>{{ucs.instance-id}}</simple>
                </setHeader>
            """;
    static final String RENAME_COMMAND = "UCS_KAFKA_REQUEST_TOPIC=ucs-gateway.requests-v2";

    @Test
    void auditCopyOfEveryRequest() throws Exception {
        String auditTopic = "test-audit-" + UUID.randomUUID().toString().substring(0, 8);
        TopicInitializer.createMissing(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                List.of(auditTopic), 1, 30_000);
        Path routes = TestRoutes.copy();
        assertDocContains(PUBLISH_STEP);
        assertDocContains(AUDIT_STEP);
        // The test broker needs a topic of this test's own, so the audit topic is renamed here.
        applyAs(routes.resolve("ingress.xml"), PUBLISH_STEP, AUDIT_STEP.replace("ucs-gateway.audit", auditTopic));

        try (TestGateway gateway = start(routes, Map.of())) {
            String callId = ApiSteps.newCallId();
            long referenceId = ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT,
                    TestUsers.AGENT_PASSWORD, ApiSteps.findPhoneCall(callId)));

            List<ConsumerRecord<String, byte[]>> audit = gateway.readAll(auditTopic, 1, Duration.ofSeconds(30));
            assertEquals(1, audit.size());
            assertEquals(callId, audit.get(0).key());
            String value = new String(audit.get(0).value(), StandardCharsets.UTF_8);
            assertTrue(value.contains("\"referenceId\":" + referenceId), value);
            assertEquals(1, gateway.readAll(gateway.requestTopic(), 1, Duration.ofSeconds(30)).size());
        }
    }

    @Test
    void renameTopicThroughConfiguration() throws Exception {
        assertDocContains(RENAME_COMMAND);
        String renamed = "test-renamed-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestGateway gateway = start(TestRoutes.copy(), Map.of(GatewayConfig.REQUEST_TOPIC, renamed))) {
            String callId = ApiSteps.newCallId();
            ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                    ApiSteps.findPhoneCall(callId)));

            List<ConsumerRecord<String, byte[]>> requests = gateway.readAll(renamed, 1, Duration.ofSeconds(30));
            assertEquals(1, requests.size());
            assertEquals(callId, requests.get(0).key());
            // The adapter follows the renamed topic too: the request gets its response record.
            assertEquals(1, gateway.readAll(gateway.responseTopic(), 1, Duration.ofSeconds(30)).size());
        }
    }

    @Test
    void headerOnRequestRecords() throws Exception {
        Path routes = TestRoutes.copy();
        apply(routes.resolve("ingress.xml"), PREPARE_STEP, HEADER_STEP);

        try (TestGateway gateway = start(routes, Map.of())) {
            ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                    ApiSteps.findPhoneCall(ApiSteps.newCallId())));

            List<ConsumerRecord<String, byte[]>> requests = gateway.readAll(gateway.requestTopic(), 1,
                    Duration.ofSeconds(30));
            assertEquals(1, requests.size());
            Header region = requests.get(0).headers().lastHeader("region");
            assertNotNull(region, "no region header on the request record");
            assertEquals("eu-west", new String(region.value(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void changedErrorPolicyMarksDeadLetters() throws Exception {
        Path routes = TestRoutes.copy();
        apply(routes.resolve("ucs-adapter.xml"), DEAD_LETTER_STEP, DEAD_LETTER_POLICY);

        try (TestGateway gateway = start(routes, Map.of())) {
            gateway.sendRecord(gateway.requestTopic(), "bad", "not JSON".getBytes(StandardCharsets.UTF_8));

            List<ConsumerRecord<String, byte[]>> deadLetters = gateway.readAll(gateway.deadLetterTopic(), 1,
                    Duration.ofSeconds(30));
            assertEquals(1, deadLetters.size());
            Header marker = deadLetters.get(0).headers().lastHeader("deadLetteredBy");
            assertNotNull(marker, "no deadLetteredBy header on the dead letter");
            assertEquals(gateway.gateway().config().get(GatewayConfig.INSTANCE_ID),
                    new String(marker.value(), StandardCharsets.UTF_8));
        }
    }

    /** Checks that the doc shows the change, applies it, and checks that the result validates. */
    private static void apply(Path file, String before, String after) throws Exception {
        assertDocContains(before);
        assertDocContains(after);
        applyAs(file, before, after);
    }

    private static void applyAs(Path file, String before, String applied) throws Exception {
        TestRoutes.replace(file, before, applied);
        List<ValidationProblem> problems = new RouteValidator(GatewayConfig.load(Map.of()).asMap(),
                GatewayBeans.types()).validate(file.getParent());
        assertEquals(List.of(), problems, "the example does not validate");
    }

    private static void assertDocContains(String snippet) throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        assertTrue(doc.contains(snippet), "docs/routes.md does not show:\n" + snippet);
    }

    private static TestGateway start(Path routes, Map<String, String> settings) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put(GatewayConfig.ROUTES_DIR, routes.toString());
        return TestGateway.start(Store.H2, all);
    }
}
