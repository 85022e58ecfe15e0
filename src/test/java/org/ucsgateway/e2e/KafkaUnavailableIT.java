package org.ucsgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.kafka.EmbeddedKafkaBroker;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/**
 * The ingress when Kafka stops: responses come within the configured bound with 503, statusCode 4
 * and Retry-After, never 200, also for 50 requests at once, and requests succeed again once the
 * same broker is back. The test
 * runs a real KRaft broker of its own, because it stops and restarts it.
 */
class KafkaUnavailableIT {

    private static final long PUBLISH_TIMEOUT_MS = 2000;
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void stoppedBrokerGives503ThenRecovers() throws Exception {
        Path logDir = Files.createTempDirectory("ucs-test-kafka-outage");
        int port;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDir, 0);
        broker.start();
        port = Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1));

        Map<String, String> settings = Map.of(
                GatewayConfig.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                GatewayConfig.PUBLISH_TIMEOUT_MS, String.valueOf(PUBLISH_TIMEOUT_MS),
                "ucs.kafka.request-timeout-ms", "1500");
        try (TestGateway gateway = TestGateway.start(Store.H2, settings)) {
            assertEquals(200, post(gateway, "before-outage").statusCode());

            broker.close();
            long started = System.nanoTime();
            HttpResponse<String> during = post(gateway, "during-outage");
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;

            assertEquals(503, during.statusCode(), during.body());
            JsonNode body = mapper.readTree(during.body());
            assertEquals(Set.of("statusCode", "statusMessage"), FindPhoneCallIT.fieldNames(body));
            assertEquals(4, body.get("statusCode").asInt());
            assertEquals("5", during.headers().firstValue("Retry-After").orElse(null));
            assertTrue(elapsedMs <= 2 * PUBLISH_TIMEOUT_MS + 1000,
                    "answer took " + elapsedMs + " ms, bound is twice the publish timeout");
            assertEquals(503, get(gateway, "/health/ready").statusCode());
            assertConcurrentRequestsRefusedInTime(gateway, 50);

            broker = new EmbeddedKafkaBroker(logDir, port);
            broker.start();
            HttpResponse<String> after = postUntilAccepted(gateway, "after-outage", 60);
            assertEquals(200, after.statusCode(), after.body());
            assertEquals(0, mapper.readTree(after.body()).get("statusCode").asInt());
        } finally {
            broker.close();
        }
    }

    /** Sends requests at once from as many threads; each must get 503 with statusCode 4 within the bound. */
    private void assertConcurrentRequestsRefusedInTime(TestGateway gateway, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Callable<long[]>> posts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String callId = "concurrent-outage-" + i;
                posts.add(() -> {
                    long started = System.nanoTime();
                    HttpResponse<String> response = post(gateway, callId);
                    return new long[] {response.statusCode(), (System.nanoTime() - started) / 1_000_000,
                        mapper.readTree(response.body()).get("statusCode").asInt()};
                });
            }
            for (Future<long[]> result : pool.invokeAll(posts)) {
                long[] outcome = result.get();
                assertEquals(503, outcome[0]);
                assertEquals(4, outcome[2]);
                assertTrue(outcome[1] <= 2 * PUBLISH_TIMEOUT_MS + 3000, "answer took " + outcome[1] + " ms");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private HttpResponse<String> postUntilAccepted(TestGateway gateway, String callId, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        HttpResponse<String> response = post(gateway, callId);
        while (response.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            response = post(gateway, callId);
        }
        return response;
    }

    private static HttpResponse<String> post(TestGateway gateway, String callId) throws Exception {
        String body = """
                {"operationName":"FindPhoneCall","callId":"%s","status":"New","phoneNumber":"555","type":"Inbound"}"""
                .formatted(callId);
        return gateway.post(FindPhoneCallIT.PATH, TestUsers.AGENT, TestUsers.AGENT_PASSWORD, body);
    }

    private static HttpResponse<String> get(TestGateway gateway, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
