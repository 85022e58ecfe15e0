package org.ucsgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.CometdTestClient;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/** Repeated failed logins lock the user name over HTTP and CometD, and other users keep working. */
class LoginThrottleIT {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void repeatedFailuresLockUserName() throws Exception {
        Map<String, String> settings = Map.of(GatewayConfig.LOGIN_THROTTLE_USER_FAILURES, "3");
        try (TestGateway gateway = TestGateway.start(Store.H2, settings)) {
            String body = ApiSteps.findPhoneCall(ApiSteps.newCallId());
            for (int i = 0; i < 3; i++) {
                assertEquals(401, gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT, "wrong-" + i, body).statusCode());
            }

            HttpResponse<String> locked = gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT, TestUsers.AGENT_PASSWORD, body);
            assertEquals(429, locked.statusCode(), locked.body());
            JsonNode answer = mapper.readTree(locked.body());
            assertEquals(20, answer.get("statusCode").asInt());
            assertTrue(answer.get("statusMessage").asText().contains("too many failed logins"), locked.body());
            long retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElse("0"));
            assertTrue(retryAfter > 0, "Retry-After " + retryAfter);
            assertTrue(retryAfter <= 60, "Retry-After " + retryAfter);
            assertFalse(CometdTestClient.canHandshake(gateway.notificationsUrl(), TestUsers.AGENT, TestUsers.AGENT_PASSWORD));

            ApiSteps.accepted(gateway.post(ApiSteps.INTERACTIONS, TestUsers.SECOND_AGENT, TestUsers.SECOND_AGENT_PASSWORD, body));
            assertEquals(0, gateway.recordCount(gateway.requestTopic()) - 1, "only the second agent's request is published");
        }
    }
}
