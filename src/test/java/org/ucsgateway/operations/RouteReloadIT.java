package org.ucsgateway.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.CometdTestClient;
import org.ucsgateway.support.CometdTestClient.Transport;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestRoutes;
import org.ucsgateway.support.TestUsers;

/** Editing a route file of a running gateway with reloading on. */
class RouteReloadIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void editedIngressReloadsAndCometdStaysConnected() throws Exception {
        Path routes = TestRoutes.copy();
        Map<String, String> settings = Map.of(GatewayConfig.ROUTES_DIR, routes.toString(),
                GatewayConfig.ROUTES_RELOAD, "true");
        try (TestGateway gateway = TestGateway.start(Store.H2, settings);
             CometdTestClient webSocket = CometdTestClient.connect(gateway.notificationsUrl(), TestUsers.AGENT,
                     TestUsers.AGENT_PASSWORD, Transport.WEBSOCKET);
             CometdTestClient longPolling = CometdTestClient.connect(gateway.notificationsUrl(), TestUsers.AGENT,
                     TestUsers.AGENT_PASSWORD, Transport.LONG_POLLING)) {
            ApiSteps.awaitNotificationRoute(gateway, webSocket, TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
            ApiSteps.awaitNotificationRoute(gateway, longPolling, TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
            String webSocketSession = webSocket.sessionId();
            String longPollingSession = longPolling.sessionId();
            assertEquals(404, get(gateway, "/reload-probe").statusCode());

            long editedAt = System.currentTimeMillis();
            TestRoutes.replace(routes.resolve("ingress.xml"), "</camel>", """
                      <route id="reload-probe">
                        <from uri="jetty:http://{{ucs.http.host}}:{{ucs.http.port}}/reload-probe"/>
                        <setBody><constant>reloaded</constant></setBody>
                      </route>
                    </camel>""");
            awaitStatus(gateway, "/reload-probe", 200);

            // The other files' routes were not touched, so their uptime covers the whole edit.
            CamelContext camel = gateway.gateway().camelContext();
            long sinceEdit = System.currentTimeMillis() - editedAt;
            for (String routeId : new String[] {"cometd-endpoint", "notification", "ucs-adapter", "health-ready"}) {
                assertTrue(camel.getRoute(routeId).getUptimeMillis() > sinceEdit,
                        "route " + routeId + " was restarted by the reload");
            }
            assertTrue(camel.getRoute("ucs-interactions-ingress").getUptimeMillis() <= sinceEdit,
                    "the routes of the edited file were not replaced");

            // Both clients keep their session and still receive the notifications of new requests.
            for (CometdTestClient client : new CometdTestClient[] {webSocket, longPolling}) {
                long referenceId = ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT,
                        TestUsers.AGENT_PASSWORD, ApiSteps.findPhoneCall(ApiSteps.newCallId())));
                assertNotNull(client.awaitReference(referenceId, 30, TimeUnit.SECONDS),
                        "no notification for referenceId " + referenceId + " after the reload");
            }
            assertTrue(webSocket.isConnected());
            assertTrue(longPolling.isConnected());
            assertEquals(webSocketSession, webSocket.sessionId(), "the WebSocket client had to handshake again");
            assertEquals(longPollingSession, longPolling.sessionId(), "the long-polling client had to handshake again");
        }
    }

    private HttpResponse<String> get(TestGateway gateway, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void awaitStatus(TestGateway gateway, String path, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = get(gateway, path).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("GET " + path + " still answers " + last + " 60 s after the edit, expected " + status);
    }
}
