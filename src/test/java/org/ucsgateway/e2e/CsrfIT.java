package org.ucsgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/** CSRF protection switched on: POST needs the token and session cookie of a GET response. */
class CsrfIT {

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void postNeedsTokenAndCookieOfGetAnswer() throws Exception {
        try (TestGateway gateway = TestGateway.start(Store.H2, Map.of(GatewayConfig.CSRF_ENABLED, "true"))) {
            String body = ApiSteps.findPhoneCall(ApiSteps.newCallId());

            HttpResponse<String> withoutToken = post(gateway, body, null, null);
            assertEquals(403, withoutToken.statusCode(), withoutToken.body());
            assertEquals(3, mapper.readTree(withoutToken.body()).get("statusCode").asInt());
            assertTrue(withoutToken.body().contains("CSRF"), withoutToken.body());

            HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v2/me"))
                    .header("Authorization", TestGateway.basic(TestUsers.AGENT, TestUsers.AGENT_PASSWORD)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, me.statusCode(), me.body());
            assertEquals("X-CSRF-TOKEN", me.headers().firstValue("X-CSRF-HEADER").orElse(null));
            String token = me.headers().firstValue("X-CSRF-TOKEN").orElse(null);
            assertNotNull(token, "no X-CSRF-TOKEN header");
            String setCookie = me.headers().firstValue("Set-Cookie").orElse("");
            assertTrue(setCookie.startsWith("UCS_SESSIONID="), setCookie);
            assertTrue(setCookie.contains("HttpOnly"), setCookie);
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));

            HttpResponse<String> otherSession = post(gateway, body, token, "UCS_SESSIONID=forged");
            assertEquals(403, otherSession.statusCode(), otherSession.body());
            HttpResponse<String> wrongToken = post(gateway, body, token + "x", cookie);
            assertEquals(403, wrongToken.statusCode(), wrongToken.body());
            assertEquals(0, gateway.recordCount(gateway.requestTopic()), "a request without a valid token was published");

            ApiSteps.accepted(post(gateway, body, token, cookie));
            assertEquals(1, gateway.recordCount(gateway.requestTopic()));
        }
    }

    private HttpResponse<String> post(TestGateway gateway, String body, String token, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + ApiSteps.INTERACTIONS))
                .header("Authorization", TestGateway.basic(TestUsers.AGENT, TestUsers.AGENT_PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("X-CSRF-TOKEN", token);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
