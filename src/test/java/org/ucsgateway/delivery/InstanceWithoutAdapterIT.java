package org.ucsgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.CometdTestClient;
import org.ucsgateway.support.CometdTestClient.Transport;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/**
 * An instance started with ucs.adapter.enabled=false takes requests and delivers notifications
 * while other instances run the UCS adapter. A request it accepts while no instance runs the
 * adapter waits on the request topic and is processed once one does.
 */
class InstanceWithoutAdapterIT {

    @Test
    void requestsWaitForAnAdapter() throws Exception {
        Map<String, String> shared = TestGateway.sharedDeployment();
        Map<String, String> withoutAdapter = new HashMap<>(shared);
        withoutAdapter.put(GatewayConfig.ADAPTER_ENABLED, "false");

        try (TestGateway ingress = TestGateway.start(Store.H2, withoutAdapter);
             CometdTestClient agent = CometdTestClient.connect(ingress.notificationsUrl(), TestUsers.AGENT,
                     TestUsers.AGENT_PASSWORD, Transport.LONG_POLLING)) {
            try (TestGateway adapter = TestGateway.start(Store.H2, shared)) {
                // The notification comes through the other instance's adapter and this instance's route.
                ApiSteps.awaitNotificationRoute(ingress, agent, TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
            }

            assertEquals(200, readinessStatus(ingress), "the instance without the adapter is not ready");

            long before = ingress.recordCount(ingress.requestTopic());
            String callId = ApiSteps.newCallId();
            long referenceId = ApiSteps.referenceId(ingress.post(ApiSteps.INTERACTIONS, TestUsers.AGENT,
                    TestUsers.AGENT_PASSWORD, ApiSteps.findPhoneCall(callId)));
            assertEquals(before + 1, ingress.recordCount(ingress.requestTopic()),
                    "the accepted request is not on the request topic");
            assertNull(agent.awaitReference(referenceId, 3, TimeUnit.SECONDS),
                    "a notification arrived although no instance runs the adapter");

            try (TestGateway adapter = TestGateway.start(Store.H2, shared)) {
                Map<String, Object> notification = agent.awaitReference(referenceId, 30, TimeUnit.SECONDS);
                assertNotNull(notification, "the waiting request was not processed once an adapter ran");
                assertEquals("true", notification.get("isCreated"));
                assertNotNull(notification.get("interactionId"));
            }
        }
    }

    /** Returns the status of GET /health/ready once it is 200, or the last status after 30 s. */
    private static int readinessStatus(TestGateway gateway) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int status = gateway.get("/health/ready").statusCode();
        while (status != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = gateway.get("/health/ready").statusCode();
        }
        return status;
    }
}
