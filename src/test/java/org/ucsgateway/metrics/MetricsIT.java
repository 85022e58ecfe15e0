package org.ucsgateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ucsgateway.operations.GatewayBeans;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.CometdTestClient;
import org.ucsgateway.support.CometdTestClient.Transport;
import org.ucsgateway.support.PrometheusText;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/** GET /metrics of a running gateway, scraped before and after real requests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {

    private static final int REQUESTS = 3;
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

    @Test
    void scrapeIsPrometheusText() throws Exception {
        HttpResponse<String> response = gateway.get("/metrics");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                response.headers().toString());
        PrometheusText metrics = new PrometheusText(response.body());
        for (String jvm : new String[] {"jvm_memory_used_bytes", "jvm_threads_live_threads",
                "jvm_gc_memory_allocated_bytes_total", "process_cpu_usage"}) {
            assertFalse(Double.isNaN(metrics.value(jvm)), jvm + " missing from the scrape");
        }
    }

    @Test
    void countersMoveWithRequests() throws Exception {
        PrometheusText before = scrape();
        Map<String, String> accepted = Map.of("route", "ucs-interactions-ingress", "operation", "FindPhoneCall",
                "statusCode", "0");
        Map<String, String> rejected = Map.of("route", "ucs-interactions-ingress", "statusCode", "1");
        Map<String, String> published = Map.of("topic", gateway.requestTopic(), "outcome", "acknowledged");
        Map<String, String> adapted = Map.of("operation", "FindPhoneCall", "outcome", "completed");

        try (CometdTestClient client = CometdTestClient.connect(gateway.notificationsUrl(), TestUsers.AGENT,
                TestUsers.AGENT_PASSWORD, Transport.WEBSOCKET)) {
            ApiSteps.awaitNotificationRoute(gateway, client, TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
            PrometheusText warm = scrape();
            for (int i = 0; i < REQUESTS; i++) {
                long referenceId = ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT,
                        TestUsers.AGENT_PASSWORD, ApiSteps.findPhoneCall(ApiSteps.newCallId())));
                assertNotNull(client.awaitReference(referenceId, 30, TimeUnit.SECONDS));
            }
            HttpResponse<String> missing = gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT,
                    TestUsers.AGENT_PASSWORD, "{\"operationName\":\"FindPhoneCall\"}");
            assertEquals(400, missing.statusCode(), missing.body());
            // The second agent has no CometD session on this instance, so its notification is dropped.
            ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS, TestUsers.SECOND_AGENT,
                    TestUsers.SECOND_AGENT_PASSWORD, ApiSteps.findPhoneCall(ApiSteps.newCallId())));

            PrometheusText after = awaitScrape(metrics -> metrics.value("ucs_notifications_dropped_total")
                    > warm.value("ucs_notifications_dropped_total"));
            assertEquals(REQUESTS + 1, delta(warm, after, "ucs_requests_total", accepted), 0.0,
                    "accepted FindPhoneCall requests besides the warm-up");
            assertTrue(delta(before, after, "ucs_requests_total", rejected) >= 1, after.text());
            assertTrue(delta(warm, after, "ucs_kafka_publish_seconds_count", published) >= REQUESTS + 1);
            assertTrue(delta(warm, after, "ucs_adapter_processing_seconds_count", adapted) >= REQUESTS + 1);
            Map<String, String> failedRequests = Map.of("route", "ucs-interactions-ingress", "statusCode", "failed");
            assertEquals(0.0, orZero(after.value("ucs_requests_total", failedRequests))
                    - orZero(warm.value("ucs_requests_total", failedRequests)), 0.0, "accepted requests counted as failed");
            Map<String, String> failedAdapter = Map.of("operation", "FindPhoneCall", "outcome", "failed");
            assertEquals(0.0, orZero(after.value("ucs_adapter_processing_seconds_count", failedAdapter))
                    - orZero(warm.value("ucs_adapter_processing_seconds_count", failedAdapter)), 0.0,
                    "processed records counted as failed");
            assertTrue(delta(warm, after, "ucs_notifications_delivered_total", Map.of()) >= REQUESTS);
            assertTrue(after.value("ucs_cometd_sessions") >= 1, "CometD sessions: " + after.value("ucs_cometd_sessions"));
            assertTrue(after.value("ucs_adapter_consumer_lag_records") >= 0,
                    "consumer lag: " + after.value("ucs_adapter_consumer_lag_records"));
        }
    }

    @Test
    void deadLetterIsCounted() throws Exception {
        PrometheusText before = scrape();
        gateway.sendRecord(gateway.requestTopic(), "not-json", "this is not JSON".getBytes(StandardCharsets.UTF_8));
        PrometheusText after = awaitScrape(metrics -> delta(before, metrics, "ucs_dead_letters_total", Map.of()) >= 1);
        assertEquals(1, delta(before, after, "ucs_dead_letters_total", Map.of()), 0.0);
        assertTrue(delta(before, after, "ucs_kafka_publish_seconds_count",
                Map.of("topic", gateway.deadLetterTopic())) >= 1);
    }

    @Test
    void gatewayBindsDocumentedBeans() {
        var registry = gateway.gateway().camelContext().getRegistry();
        GatewayBeans.types().forEach((name, type) -> assertInstanceOf(type, registry.lookupByName(name),
                "bean " + name));
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> response = gateway.get("/metrics");
        assertEquals(200, response.statusCode(), response.body());
        return new PrometheusText(response.body());
    }

    /** Scrapes until the condition holds, for at most 30 s, and returns the last scrape. */
    private PrometheusText awaitScrape(java.util.function.Predicate<PrometheusText> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        PrometheusText metrics = scrape();
        while (!condition.test(metrics) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            metrics = scrape();
        }
        return metrics;
    }

    /** Returns how much a counter grew between two scrapes; a series missing before counts as 0. */
    private static double delta(PrometheusText before, PrometheusText after, String metric, Map<String, String> labels) {
        double start = before.value(metric, labels);
        double end = after.value(metric, labels);
        return (Double.isNaN(end) ? 0 : end) - (Double.isNaN(start) ? 0 : start);
    }
}
