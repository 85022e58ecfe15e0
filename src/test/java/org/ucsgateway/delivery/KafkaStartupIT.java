package org.ucsgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.kafka.EmbeddedKafkaBroker;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.CometdTestClient;
import org.ucsgateway.support.CometdTestClient.Transport;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/** The gateway starts while Kafka is down, reports not ready, and works once a broker appears. */
class KafkaStartupIT {

    @Test
    void gatewayStartsWithoutKafkaAndRecovers() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Map<String, String> settings = Map.of(GatewayConfig.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:" + port,
                GatewayConfig.PUBLISH_TIMEOUT_MS, "2000", "ucs.kafka.request-timeout-ms", "1500");

        try (TestGateway gateway = TestGateway.start(Store.H2, settings)) {
            assertEquals(503, ready(gateway), "ready without Kafka");
            HttpResponse<String> refused = gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                    ApiSteps.findPhoneCall(ApiSteps.newCallId()));
            assertEquals(503, refused.statusCode(), refused.body());

            try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Files.createTempDirectory("ucs-late-kafka"), port)) {
                broker.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (ready(gateway) != 200 && System.nanoTime() < deadline) {
                    Thread.sleep(1000);
                }
                assertEquals(200, ready(gateway), "not ready 90 s after Kafka appeared");

                HttpResponse<String> accepted = gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT,
                        TestUsers.AGENT_PASSWORD, ApiSteps.findPhoneCall(ApiSteps.newCallId()));
                while (accepted.statusCode() != 200 && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(30)) {
                    Thread.sleep(1000);
                    accepted = gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                            ApiSteps.findPhoneCall(ApiSteps.newCallId()));
                }
                assertEquals(200, accepted.statusCode(), "no request accepted after Kafka appeared: " + accepted.body());

                try (CometdTestClient agent = CometdTestClient.connect(gateway.notificationsUrl(), TestUsers.AGENT,
                        TestUsers.AGENT_PASSWORD, Transport.LONG_POLLING)) {
                    ApiSteps.awaitNotificationRoute(gateway, agent, TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
                    long referenceId = ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT,
                            TestUsers.AGENT_PASSWORD, ApiSteps.findPhoneCall(ApiSteps.newCallId())));
                    assertNotNull(agent.awaitReference(referenceId, 30, TimeUnit.SECONDS));
                }
            }
        }
    }

    private static int ready(TestGateway gateway) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/health/ready"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
