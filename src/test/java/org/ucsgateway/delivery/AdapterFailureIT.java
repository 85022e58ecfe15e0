package org.ucsgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.builder.AdviceWith;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.CometdTestClient;
import org.ucsgateway.support.CometdTestClient.Transport;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/**
 * The adapter fails after the store wrote the interaction and before the response record was
 * published. The record is not committed, so it is processed again: same interaction, one
 * response with isCreated "true", and no second interaction.
 */
class AdapterFailureIT {

    @Test
    void failureBeforeResponseIsRetriedWithoutSecondInteraction() throws Exception {
        try (TestGateway gateway = TestGateway.start(Store.H2);
             CometdTestClient agent = CometdTestClient.connect(gateway.notificationsUrl(), TestUsers.AGENT,
                     TestUsers.AGENT_PASSWORD, Transport.LONG_POLLING)) {
            ApiSteps.awaitNotificationRoute(gateway, agent, TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
            AtomicInteger failures = new AtomicInteger();
            AdviceWith.adviceWith(gateway.gateway().camelContext(), "ucs-adapter", route ->
                    route.weaveById("publish-responses").before().process(exchange -> {
                        if (failures.getAndIncrement() == 0) {
                            throw new IllegalStateException("injected failure between store and response");
                        }
                    }));

            String callId = ApiSteps.newCallId();
            long referenceId = ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT,
                    TestUsers.AGENT_PASSWORD, ApiSteps.findPhoneCall(callId)));

            Map<String, Object> notification = agent.awaitReference(referenceId, 30, TimeUnit.SECONDS);
            assertNotNull(notification, "no notification after the retried record");
            assertEquals("true", notification.get("isCreated"));
            assertEquals(2, failures.get(), "the record was not processed exactly twice");
            assertNull(agent.awaitReference(referenceId, 2, TimeUnit.SECONDS), "a second notification arrived");

            long responses = gateway.readAll(gateway.responseTopic(), (int) gateway.recordCount(gateway.responseTopic()),
                    Duration.ofSeconds(20)).stream().filter(record -> isReference(record, referenceId)).count();
            assertEquals(1, responses, "response records for referenceId " + referenceId);
            List<Map<String, Object>> rows = List.of(gateway.gateway().store()
                    .findById(TestUsers.CENTER_WITH_VOICE, (String) notification.get("interactionId")).orElseThrow());
            assertEquals(callId, rows.get(0).get("callId"));
            assertEquals(0, gateway.recordCount(gateway.deadLetterTopic()));
        }
    }

    private static boolean isReference(ConsumerRecord<String, byte[]> record, long referenceId) {
        var header = record.headers().lastHeader("referenceId");
        return header != null && String.valueOf(referenceId).equals(new String(header.value(), StandardCharsets.UTF_8));
    }
}
