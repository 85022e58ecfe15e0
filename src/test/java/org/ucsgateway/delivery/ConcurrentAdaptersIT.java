package org.ucsgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.CometdTestClient;
import org.ucsgateway.support.CometdTestClient.Transport;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/**
 * Two gateway instances share the topics, the adapter consumer group and the store. Twenty
 * concurrent FindPhoneCall requests with one callId, spread over both, create one interaction.
 */
class ConcurrentAdaptersIT {

    @Test
    void twentyConcurrentRequestsCreateOneInteraction() throws Exception {
        Map<String, String> shared = TestGateway.sharedDeployment();

        try (TestGateway first = TestGateway.start(Store.H2, shared);
             TestGateway second = TestGateway.start(Store.H2, shared);
             CometdTestClient agent = CometdTestClient.connect(first.notificationsUrl(), TestUsers.AGENT,
                     TestUsers.AGENT_PASSWORD, Transport.LONG_POLLING)) {
            ApiSteps.awaitNotificationRoute(first, agent, TestUsers.AGENT, TestUsers.AGENT_PASSWORD);

            String callId = ApiSteps.newCallId();
            ExecutorService pool = Executors.newFixedThreadPool(20);
            List<Long> referenceIds = new ArrayList<>();
            try {
                List<Callable<Long>> posts = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    TestGateway target = i % 2 == 0 ? first : second;
                    posts.add(() -> ApiSteps.referenceId(target.post(ApiSteps.INTERACTIONS, TestUsers.AGENT,
                            TestUsers.AGENT_PASSWORD, ApiSteps.findPhoneCall(callId))));
                }
                for (Future<Long> future : pool.invokeAll(posts)) {
                    referenceIds.add(future.get());
                }
            } finally {
                pool.shutdownNow();
            }

            assertEquals(20, new HashSet<>(referenceIds).size(), "referenceIds are not unique across instances");
            Set<String> interactionIds = new HashSet<>();
            int created = 0;
            for (long referenceId : referenceIds) {
                Map<String, Object> notification = agent.awaitReference(referenceId, 30, TimeUnit.SECONDS);
                assertNotNull(notification, "no notification for referenceId " + referenceId);
                interactionIds.add((String) notification.get("interactionId"));
                created += "true".equals(notification.get("isCreated")) ? 1 : 0;
            }
            assertEquals(1, interactionIds.size(), "interactionIds: " + interactionIds);
            assertEquals(1, created, "notifications with isCreated true");
        }
    }
}
