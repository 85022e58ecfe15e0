package org.ucsgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.notification.NotificationServer;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.CometdTestClient;
import org.ucsgateway.support.CometdTestClient.Transport;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/**
 * Notifications for a user with no CometD session, and for a session that never fetches its
 * messages, are counted and dropped beyond a bounded queue, while other users keep receiving
 * theirs without delay.
 */
class SlowNotificationClientIT {

    private static final int MAX_QUEUE = 3;
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void unfetchedAndSessionlessNotificationsAreDropped() throws Exception {
        Map<String, String> settings = Map.of(GatewayConfig.NOTIFICATION_MAX_QUEUE, String.valueOf(MAX_QUEUE));
        try (TestGateway gateway = TestGateway.start(Store.H2, settings);
             CometdTestClient agent = CometdTestClient.connect(gateway.notificationsUrl(), TestUsers.AGENT,
                     TestUsers.AGENT_PASSWORD, Transport.LONG_POLLING)) {
            ApiSteps.awaitNotificationRoute(gateway, agent, TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
            NotificationServer server = gateway.gateway().notificationServer();

            long droppedBefore = server.droppedCount();
            postAs(gateway, TestUsers.SECOND_AGENT, TestUsers.SECOND_AGENT_PASSWORD);
            long ownReference = postAs(gateway, TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
            assertNotNull(agent.awaitReference(ownReference, 20, TimeUnit.SECONDS));
            assertEquals(droppedBefore + 1, server.droppedCount(), "notification for a user without a session");

            handshakeWithoutFetching(gateway);
            long droppedWithSession = server.droppedCount();
            for (int i = 0; i < MAX_QUEUE + 4; i++) {
                postAs(gateway, TestUsers.SECOND_AGENT, TestUsers.SECOND_AGENT_PASSWORD);
            }
            long reference = postAs(gateway, TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
            assertNotNull(agent.awaitReference(reference, 20, TimeUnit.SECONDS),
                    "a slow client of another user delayed this user's notification");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.droppedCount() < droppedWithSession + 4 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(server.droppedCount() >= droppedWithSession + 4,
                    "dropped " + (server.droppedCount() - droppedWithSession) + " of " + (MAX_QUEUE + 4)
                            + " notifications beyond a queue of " + MAX_QUEUE);
        }
    }

    private long postAs(TestGateway gateway, String user, String password) throws Exception {
        return ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS, user, password,
                ApiSteps.findPhoneCall(ApiSteps.newCallId())));
    }

    /** Opens a Bayeux session of the second agent with a bare handshake and never sends /meta/connect. */
    private void handshakeWithoutFetching(TestGateway gateway) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.notificationsUrl() + "/handshake"))
                .header("Authorization", TestGateway.basic(TestUsers.SECOND_AGENT, TestUsers.SECOND_AGENT_PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                        + "\"supportedConnectionTypes\":[\"long-polling\"]}]"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode reply = mapper.readTree(response.body()).get(0);
        assertTrue(reply.get("successful").asBoolean(), response.body());
        assertEquals(1, gateway.gateway().notificationServer().sessionCount(TestUsers.SECOND_AGENT));
    }
}
