package org.ucsgateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Steps that the end-to-end tests share: reading responses and waiting for the notification route. */
public final class ApiSteps {

    public static final String INTERACTIONS = "/api/v2/ucs/interactions";
    public static final String CONTACTS = "/api/v2/contacts/ucs";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiSteps() {
    }

    /** Asserts a 200 response with statusCode 0 and returns its body. */
    public static JsonNode accepted(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), "answer: " + response.body());
        JsonNode body = MAPPER.readTree(response.body());
        assertEquals(0, body.get("statusCode").asInt(), "answer: " + response.body());
        return body;
    }

    /** Asserts a 200 response with statusCode 0 and returns its referenceId. */
    public static long referenceId(HttpResponse<String> response) throws Exception {
        return accepted(response).get("referenceId").asLong();
    }

    public static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    public static String newCallId() {
        return "call-" + UUID.randomUUID();
    }

    /** Returns a FindPhoneCall body for the call with the GWS sample's other parameters. */
    public static String findPhoneCall(String callId) {
        return """
                {"operationName":"FindPhoneCall","callId":"%s","status":"InProcess","contactId":"0000DaA3G4VF000Q",\
                "phoneNumber":"1231231231","type":"Inbound","parentId":"XXXDDDD","threadId":"A34XX6BA0FX",\
                "userData":{"key1":"value1","key2":"value2"}}""".formatted(callId);
    }

    /**
     * Waits until a warm-up request's notification reaches the client. The notification consumer
     * starts at the latest offset once it has its partitions, so earlier responses would be missed.
     */
    public static void awaitNotificationRoute(TestGateway gateway, CometdTestClient client, String user,
                                              String password) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            long referenceId = referenceId(gateway.post(INTERACTIONS, user, password, findPhoneCall(newCallId())));
            if (client.awaitReference(referenceId, 3, TimeUnit.SECONDS) != null) {
                return;
            }
        }
        throw new IllegalStateException("The notification route delivered nothing within 60 s");
    }

    /**
     * Connects a CometD client as the first test agent and waits until the gateway's notification
     * route delivers to it.
     */
    public static CometdTestClient connectAgent(TestGateway gateway, CometdTestClient.Transport transport)
            throws Exception {
        CometdTestClient agent = CometdTestClient.connect(gateway.notificationsUrl(), TestUsers.AGENT,
                TestUsers.AGENT_PASSWORD, transport);
        awaitNotificationRoute(gateway, agent, TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
        return agent;
    }

    /** Closes the client, then the gateway; either may be null when a start failed. */
    public static void stop(CometdTestClient client, TestGateway gateway) throws Exception {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }
}
