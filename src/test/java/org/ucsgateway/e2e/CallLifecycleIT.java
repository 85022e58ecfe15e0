package org.ucsgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.CometdTestClient;
import org.ucsgateway.support.CometdTestClient.Transport;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/**
 * The UCS voice operations after FindPhoneCall, end to end: SetCallNote, SetCallContact,
 * SetCallCompleted and IdentifyUCSContact over real HTTP, their records on the request topic,
 * the store afterwards and the notifications to the right user. Runs on the H2 store;
 * {@link CallLifecyclePostgresIT} runs the same tests on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallLifecycleIT {

    private final ObjectMapper mapper = new ObjectMapper();
    TestGateway gateway;
    CometdTestClient agent;
    CometdTestClient otherCenterAgent;

    Store store() {
        return Store.H2;
    }

    @BeforeAll
    void startGateway() throws Exception {
        gateway = TestGateway.start(store());
        agent = CometdTestClient.connect(gateway.notificationsUrl(), TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                Transport.LONG_POLLING);
        otherCenterAgent = CometdTestClient.connect(gateway.notificationsUrl(), TestUsers.AGENT_WITHOUT_FEATURE,
                TestUsers.AGENT_WITHOUT_FEATURE_PASSWORD, Transport.LONG_POLLING);
        ApiSteps.awaitNotificationRoute(gateway, agent, TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
    }

    @AfterAll
    void stopGateway() throws Exception {
        if (otherCenterAgent != null) {
            otherCenterAgent.close();
        }
        ApiSteps.stop(agent, gateway);
    }

    @Test
    void fullLifecycleReadsBackAsOneStoppedInteraction() throws Exception {
        String interactionId = createInteraction();
        String contactId = createContact("+1555" + System.nanoTime() % 10_000_000, "Lifecycle");

        Map<String, Object> noted = operate(interactionId, "{\"operationName\":\"SetCallNote\",\"note\":\"Customer asked for a refund\"}");
        assertEquals(Map.of("referenceId", noted.get("referenceId"), "messageType", "UcsOperationResponse",
                "success", true), noted);
        Map<String, Object> linked = operate(interactionId,
                "{\"operationName\":\"SetCallContact\",\"contactPath\":\"/contacts/" + contactId + "\"}");
        assertEquals(true, linked.get("success"));
        Map<String, Object> completed = operate(interactionId,
                "{\"operationName\":\"SetCallCompleted\",\"callDuration\":\"125\",\"userData\":{\"key2\":\"changed\",\"disposition\":\"refund\"}}");
        assertEquals(true, completed.get("success"));

        JsonNode interaction = read(TestUsers.AGENT, TestUsers.AGENT_PASSWORD, interactionId);
        assertEquals(interactionId, interaction.get("id").asText());
        assertEquals("Stopped", interaction.get("status").asText());
        assertEquals("Customer asked for a refund", interaction.get("note").asText());
        assertEquals(contactId, interaction.get("contactId").asText());
        assertEquals(125, interaction.get("callDuration").asInt());
        assertFalse(interaction.get("endDate").isNull());
        assertEquals(mapper.readTree("{\"key1\":\"value1\",\"key2\":\"changed\",\"disposition\":\"refund\"}"),
                interaction.get("userData"));
    }

    @Test
    void operationRecordIsKeyedByInteractionId() throws Exception {
        String interactionId = createInteraction();
        long referenceId = ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS + "/" + interactionId,
                TestUsers.AGENT, TestUsers.AGENT_PASSWORD, "{\"operationName\":\"SetCallNote\",\"note\":\"n\",\"extra\":1}"));

        ConsumerRecord<String, byte[]> record = requestRecord(referenceId);
        assertEquals(interactionId, record.key());
        JsonNode value = mapper.readTree(record.value());
        assertEquals("SetCallNote", value.get("operationName").asText());
        assertEquals(Set.of("interactionId", "note"), ApiSteps.fieldNames(value.get("parameters")));
        assertNotNull(agent.awaitReference(referenceId, 20, TimeUnit.SECONDS));
    }

    @Test
    void completingTwiceKeepsFirstEndDate() throws Exception {
        String interactionId = createInteraction();
        operate(interactionId, "{\"operationName\":\"SetCallCompleted\",\"callDuration\":10}");
        String firstEnd = read(TestUsers.AGENT, TestUsers.AGENT_PASSWORD, interactionId).get("endDate").asText();

        Map<String, Object> again = operate(interactionId, "{\"operationName\":\"SetCallCompleted\",\"callDuration\":12}");
        JsonNode interaction = read(TestUsers.AGENT, TestUsers.AGENT_PASSWORD, interactionId);
        assertEquals(true, again.get("success"));
        assertEquals(firstEnd, interaction.get("endDate").asText());
        assertEquals(12, interaction.get("callDuration").asInt());
    }

    @Test
    void unknownInteractionIsNamedInFailure() throws Exception {
        Map<String, Object> result = operate("0000UnknownId000", "{\"operationName\":\"SetCallNote\",\"note\":\"n\"}");
        assertEquals(false, result.get("success"));
        assertTrue(((String) result.get("errorMessage")).contains("0000UnknownId000"), result.toString());
    }

    @Test
    void unknownContactIsNamedInFailure() throws Exception {
        String interactionId = createInteraction();
        Map<String, Object> result = operate(interactionId,
                "{\"operationName\":\"SetCallContact\",\"contactPath\":\"/contacts/0000NoSuchCont00\"}");
        assertEquals(false, result.get("success"));
        assertTrue(((String) result.get("errorMessage")).contains("0000NoSuchCont00"), result.toString());
        assertEquals("0000DaA3G4VF000Q", read(TestUsers.AGENT, TestUsers.AGENT_PASSWORD, interactionId)
                .get("contactId").asText(), "the contact of the FindPhoneCall request changed");
    }

    @Test
    void identifyFindsExistingContact() throws Exception {
        String phoneNumber = "+1666" + System.nanoTime() % 10_000_000;
        String created = createContact(phoneNumber, "Miller");

        Map<String, Object> found = identify("{\"operationName\":\"IdentifyUCSContact\",\"phoneNumber\":\""
                + phoneNumber + "\"}");
        assertEquals(Set.of("referenceId", "contactId"), found.keySet());
        assertEquals(created, found.get("contactId"));
    }

    @Test
    void identifyWithoutMatchSaysNoneMatched() throws Exception {
        Map<String, Object> result = identify("{\"operationName\":\"IdentifyUCSContact\",\"phoneNumber\":\"+1000"
                + System.nanoTime() % 10_000_000 + "\",\"createContactEnabled\":\"false\"}");
        assertEquals(Set.of("referenceId", "errorMessage"), result.keySet());
        assertTrue(((String) result.get("errorMessage")).contains("no contact matches"), result.toString());
    }

    @Test
    void identifyWithSeveralMatchesSaysHowMany() throws Exception {
        String lastName = "Twin" + System.nanoTime();
        createContact("+1777" + System.nanoTime() % 10_000_000, lastName);
        createContact("+1888" + System.nanoTime() % 10_000_000, lastName);

        Map<String, Object> result = identify("{\"operationName\":\"IdentifyUCSContact\",\"lastName\":\"" + lastName + "\"}");
        assertTrue(((String) result.get("errorMessage")).contains("2 contacts match"), result.toString());
    }

    @Test
    void otherContactCenterCannotReadOrChangeInteraction() throws Exception {
        String interactionId = createInteraction();

        HttpResponse<String> readAttempt = get(TestUsers.AGENT_WITHOUT_FEATURE, TestUsers.AGENT_WITHOUT_FEATURE_PASSWORD,
                ApiSteps.INTERACTIONS + "/" + interactionId);
        assertEquals(404, readAttempt.statusCode(), readAttempt.body());
        assertEquals(6, mapper.readTree(readAttempt.body()).get("statusCode").asInt());

        long referenceId = ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS + "/" + interactionId,
                TestUsers.AGENT_WITHOUT_FEATURE, TestUsers.AGENT_WITHOUT_FEATURE_PASSWORD,
                "{\"operationName\":\"SetCallNote\",\"note\":\"not yours\"}"));
        Map<String, Object> result = otherCenterAgent.awaitReference(referenceId, 20, TimeUnit.SECONDS);
        assertNotNull(result, "no notification for referenceId " + referenceId);
        assertEquals(false, result.get("success"));
        assertTrue(read(TestUsers.AGENT, TestUsers.AGENT_PASSWORD, interactionId).get("note").isNull());
        assertNull(agent.awaitReference(referenceId, 1, TimeUnit.SECONDS), "notification went to another user");
    }

    @Test
    void voiceFeatureAloneHidesUcsVoiceOperations() throws Exception {
        HttpResponse<String> find = gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT_WITHOUT_FEATURE,
                TestUsers.AGENT_WITHOUT_FEATURE_PASSWORD, ApiSteps.findPhoneCall(ApiSteps.newCallId()));
        HttpResponse<String> identify = gateway.post(ApiSteps.CONTACTS, TestUsers.AGENT_WITHOUT_FEATURE,
                TestUsers.AGENT_WITHOUT_FEATURE_PASSWORD, "{\"operationName\":\"IdentifyUCSContact\",\"lastName\":\"X\"}");

        for (HttpResponse<String> response : List.of(find, identify)) {
            assertEquals(400, response.statusCode(), response.body());
            assertEquals(2, mapper.readTree(response.body()).get("statusCode").asInt());
            assertTrue(response.body().contains("does not exist"), response.body());
        }
    }

    @Test
    void meAndFeaturesDescribeUser() throws Exception {
        JsonNode me = mapper.readTree(get(TestUsers.AGENT, TestUsers.AGENT_PASSWORD, "/api/v2/me").body());
        assertEquals(0, me.get("statusCode").asInt());
        assertEquals(TestUsers.AGENT, me.get("user").get("userName").asText());
        assertEquals(TestUsers.CENTER_WITH_VOICE, me.get("user").get("contactCenterId").asText());
        assertEquals("api-ucs-voice", me.get("user").get("enabledFeatures").get(0).asText());

        JsonNode features = mapper.readTree(get(TestUsers.AGENT_WITHOUT_FEATURE, TestUsers.AGENT_WITHOUT_FEATURE_PASSWORD,
                "/api/v2/features").body());
        assertEquals(0, features.get("statusCode").asInt());
        assertEquals(mapper.readTree("[\"api-voice\"]"), features.get("features"));

        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(gateway.baseUrl() + "/api/v2/me")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertEquals(20, mapper.readTree(anonymous.body()).get("statusCode").asInt());
    }

    private String createInteraction() throws Exception {
        long referenceId = ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT,
                TestUsers.AGENT_PASSWORD, ApiSteps.findPhoneCall(ApiSteps.newCallId())));
        Map<String, Object> created = agent.awaitReference(referenceId, 20, TimeUnit.SECONDS);
        assertNotNull(created, "no notification for FindPhoneCall referenceId " + referenceId);
        return (String) created.get("interactionId");
    }

    private String createContact(String phoneNumber, String lastName) throws Exception {
        Map<String, Object> result = identify("{\"operationName\":\"IdentifyUCSContact\",\"phoneNumber\":\""
                + phoneNumber + "\",\"lastName\":\"" + lastName + "\",\"createContactEnabled\":\"true\"}");
        String contactId = (String) result.get("contactId");
        assertNotNull(contactId, "contact not created: " + result);
        assertTrue(contactId.matches("[0-9A-Za-z]{16}"), contactId);
        return contactId;
    }

    private Map<String, Object> identify(String body) throws Exception {
        long referenceId = ApiSteps.referenceId(gateway.post(ApiSteps.CONTACTS, TestUsers.AGENT,
                TestUsers.AGENT_PASSWORD, body));
        Map<String, Object> result = agent.awaitReference(referenceId, 20, TimeUnit.SECONDS);
        assertNotNull(result, "no notification for IdentifyUCSContact referenceId " + referenceId);
        return result;
    }

    private Map<String, Object> operate(String interactionId, String body) throws Exception {
        long referenceId = ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS + "/" + interactionId,
                TestUsers.AGENT, TestUsers.AGENT_PASSWORD, body));
        Map<String, Object> result = agent.awaitReference(referenceId, 20, TimeUnit.SECONDS);
        assertNotNull(result, "no notification for referenceId " + referenceId);
        return result;
    }

    private JsonNode read(String user, String password, String interactionId) throws Exception {
        HttpResponse<String> response = get(user, password, ApiSteps.INTERACTIONS + "/" + interactionId);
        assertEquals(200, response.statusCode(), response.body());
        return mapper.readTree(response.body()).get("interaction");
    }

    private HttpResponse<String> get(String user, String password, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Authorization", TestGateway.basic(user, password))
                .GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private ConsumerRecord<String, byte[]> requestRecord(long referenceId) {
        long count = gateway.recordCount(gateway.requestTopic());
        return gateway.readAll(gateway.requestTopic(), (int) count, Duration.ofSeconds(20)).stream()
                .filter(record -> {
                    var header = record.headers().lastHeader("referenceId");
                    return header != null && String.valueOf(referenceId).equals(new String(header.value(), StandardCharsets.UTF_8));
                })
                .findFirst()
                .orElseThrow(() -> new AssertionError("no request record with referenceId " + referenceId));
    }
}
