package org.ucsgateway.contract;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.ingress.IngressProcessor;
import org.ucsgateway.ingress.Operation;
import org.ucsgateway.notification.NotificationServer;
import org.ucsgateway.support.CometdTestClient;
import org.ucsgateway.support.CometdTestClient.Transport;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestKafka;
import org.ucsgateway.support.TestUsers;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks real traffic of a gateway started in this JVM (H2 store, real Kafka broker, real CometD
 * client) against docs/openapi.yaml and docs/asyncapi.yaml. For each operation, the HTTP request
 * body, the HTTP response, the request and response records and the notification must match
 * the schemas that the documents give them. Rejected requests must get the documented error
 * responses, and the request schemas must reject them too. The documents must list every path,
 * method and operationName that the gateway serves, and the topic and channel names it uses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractIT {

    private static final Path OPENAPI_FILE = Path.of("docs", "openapi.yaml");
    private static final Path ASYNCAPI_FILE = Path.of("docs", "asyncapi.yaml");
    private static final Path ROUTES_DIR = Path.of("routes");

    private static final String INTERACTIONS = "/api/v2/ucs/interactions";
    private static final String INTERACTION = "/api/v2/ucs/interactions/{interactionId}";
    private static final String CONTACTS = "/api/v2/contacts/ucs";
    /** A well-formed UCS id that no interaction or contact of the test store has. */
    private static final String UNKNOWN_ID = "0000ContractTest";
    /** A referenceId below 1000, the first one the gateway allocates, so no HTTP request of the test has it. */
    private static final long FOREIGN_REFERENCE_ID = 999;
    private static final String JSON_CONTENT = "/content/application~1json/schema";

    /** Methods sent to every path; HEAD, OPTIONS and TRACE are not part of the API and are not probed. */
    private static final List<String> PROBED_METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
    private static final Set<String> OPENAPI_METHODS = Set.of("get", "put", "post", "delete", "options", "head",
            "patch", "trace");
    private static final Pattern JETTY_URI = Pattern.compile("^jetty:[^:]+://[^/]+(/[^?]*)");

    private static final Duration RECORD_TIMEOUT = Duration.ofSeconds(20);
    private static final long NOTIFICATION_TIMEOUT_SECONDS = 20;

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ContractDocument openApi;
    private ContractDocument asyncApi;
    private Properties defaults;
    private TestGateway gateway;
    private CometdTestClient agent;
    private TopicRecords requestRecords;
    private TopicRecords responseRecords;
    private TopicRecords deadLetterRecords;

    @BeforeAll
    void startGateway() throws Exception {
        openApi = ContractDocument.openApi(OPENAPI_FILE);
        asyncApi = ContractDocument.asyncApi(ASYNCAPI_FILE);
        defaults = loadDefaultSettings();
        gateway = TestGateway.start(Store.H2);
        agent = CometdTestClient.connect(gateway.notificationsUrl(), TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                Transport.LONG_POLLING);
        requestRecords = new TopicRecords(TestKafka.bootstrapServers(), gateway.requestTopic());
        responseRecords = new TopicRecords(TestKafka.bootstrapServers(), gateway.responseTopic());
        deadLetterRecords = new TopicRecords(TestKafka.bootstrapServers(), gateway.deadLetterTopic());
        awaitNotificationRoute();
    }

    @AfterAll
    void stopGateway() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {requestRecords, responseRecords, deadLetterRecords, agent}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Operations end to end
    // ---------------------------------------------------------------------------------------------

    @Test
    void findPhoneCallMatchesContract() throws Exception {
        ObjectNode body = findPhoneCallBody(newCallId());

        JsonNode created = runOperation(INTERACTIONS, INTERACTIONS, body);
        assertEquals("true", created.path("isCreated").asText(), created.toString());

        JsonNode found = runOperation(INTERACTIONS, INTERACTIONS, body);
        assertEquals("false", found.path("isCreated").asText(), found.toString());
        assertEquals(created.get("interactionId"), found.get("interactionId"));
    }

    @Test
    void findPhoneCallMinimalBodyMatchesContract() throws Exception {
        ObjectNode body = mapper.createObjectNode()
                .put("operationName", "FindPhoneCall")
                .put("callId", newCallId())
                .put("status", "New")
                .put("phoneNumber", "+15550100")
                .put("type", "Outbound")
                .put("subject", "  ");

        JsonNode notification = runOperation(INTERACTIONS, INTERACTIONS, body);
        assertEquals("true", notification.path("isCreated").asText(), notification.toString());
    }

    /** A callId longer than the store's 255 characters is rejected at the ingress with the error body. */
    @Test
    void overlongCallIdIsRejectedAtIngress() throws Exception {
        String callId = "contract-" + "x".repeat(300);
        HttpResponse<String> response = post(INTERACTIONS, mapper.writeValueAsString(findPhoneCallBody(callId)));

        assertEquals(400, response.statusCode(), response.body());
        JsonNode answer = checkResponse("post", INTERACTIONS, response);
        assertEquals(2, answer.path("statusCode").asInt(), response.body());
        assertTrue(answer.path("statusMessage").asText().contains("callId"), response.body());
    }

    @Test
    void identifyUcsContactMatchesContract() throws Exception {
        String phoneNumber = newPhoneNumber();
        ObjectNode create = identifyBody(phoneNumber, "true");
        create.putObject("userData").put("segment", "gold").put("tier", 2).put("vip", true);

        JsonNode created = runOperation(CONTACTS, CONTACTS, create);
        assertTrue(created.has("contactId"), created.toString());

        JsonNode found = runOperation(CONTACTS, CONTACTS, identifyBody(phoneNumber, "false"));
        assertEquals(created.get("contactId"), found.get("contactId"), found.toString());

        JsonNode missing = runOperation(CONTACTS, CONTACTS, identifyBody(newPhoneNumber(), "false"));
        assertTrue(missing.has("errorMessage"), missing.toString());
    }

    @Test
    void identifyUcsContactByEmailMatchesContract() throws Exception {
        ObjectNode body = mapper.createObjectNode()
                .put("operationName", "IdentifyUCSContact")
                .put("emailAddress", "contract-" + UUID.randomUUID() + "@example.com")
                .put("lastName", "Doe")
                .put("mediaType", "email")
                .put("createContactEnabled", "true");

        JsonNode notification = runOperation(CONTACTS, CONTACTS, body);
        assertTrue(notification.has("contactId"), notification.toString());
    }

    @Test
    void setCallContactMatchesContract() throws Exception {
        String interactionId = createInteraction();
        String contactId = createContact();
        ObjectNode body = mapper.createObjectNode()
                .put("operationName", "SetCallContact")
                .put("contactPath", "/contacts/" + contactId);

        JsonNode notification = runOperation(INTERACTION, interactionPath(interactionId), body);
        assertEquals(true, notification.path("success").asBoolean(false), notification.toString());
        assertEquals(contactId, readInteraction(interactionId).path("contactId").asText());

        body.put("contactPath", "/contacts/" + UNKNOWN_ID);
        JsonNode failed = runOperation(INTERACTION, interactionPath(interactionId), body);
        assertEquals(false, failed.path("success").asBoolean(true), failed.toString());
    }

    @Test
    void setCallNoteMatchesContract() throws Exception {
        String interactionId = createInteraction();
        ObjectNode body = mapper.createObjectNode()
                .put("operationName", "SetCallNote")
                .put("note", "Customer asked for a callback");

        JsonNode notification = runOperation(INTERACTION, interactionPath(interactionId), body);
        assertEquals(true, notification.path("success").asBoolean(false), notification.toString());
        assertEquals("Customer asked for a callback", readInteraction(interactionId).path("note").asText());

        JsonNode failed = runOperation(INTERACTION, interactionPath(UNKNOWN_ID), body);
        assertEquals(false, failed.path("success").asBoolean(true), failed.toString());
    }

    @Test
    void setCallCompletedMatchesContract() throws Exception {
        String interactionId = createInteraction();
        ObjectNode numeric = mapper.createObjectNode()
                .put("operationName", "SetCallCompleted")
                .put("callDuration", 15);
        numeric.putObject("userData").put("disposition", "sale");

        JsonNode first = runOperation(INTERACTION, interactionPath(interactionId), numeric);
        assertEquals(true, first.path("success").asBoolean(false), first.toString());

        ObjectNode text = mapper.createObjectNode()
                .put("operationName", "SetCallCompleted")
                .put("callDuration", " 42 ");
        JsonNode second = runOperation(INTERACTION, interactionPath(interactionId), text);
        assertEquals(true, second.path("success").asBoolean(false), second.toString());

        JsonNode interaction = readInteraction(interactionId);
        assertEquals(42, interaction.path("callDuration").asInt());
        assertEquals("Stopped", interaction.path("status").asText());
        assertEquals("sale", interaction.path("userData").path("disposition").asText());
    }

    @Test
    void interactionReadBackMatchesContract() throws Exception {
        String interactionId = createInteraction();

        JsonNode interaction = readInteraction(interactionId);
        assertEquals(interactionId, interaction.path("id").asText());

        HttpResponse<String> unknown = get(interactionPath(UNKNOWN_ID), TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
        assertEquals(404, unknown.statusCode(), unknown.body());
        checkResponse("GET", INTERACTION, unknown);

        HttpResponse<String> malformed = get(INTERACTIONS + "/not-an-id", TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
        assertEquals(400, malformed.statusCode(), malformed.body());
        checkResponse("GET", INTERACTION, malformed);

        HttpResponse<String> withoutFeature = get(interactionPath(interactionId), TestUsers.AGENT_WITHOUT_FEATURE,
                TestUsers.AGENT_WITHOUT_FEATURE_PASSWORD);
        assertEquals(404, withoutFeature.statusCode(), withoutFeature.body());
        checkResponse("GET", INTERACTION, withoutFeature);
    }

    // ---------------------------------------------------------------------------------------------
    // Responses without Kafka
    // ---------------------------------------------------------------------------------------------

    @Test
    void meAndFeaturesMatchContract() throws Exception {
        HttpResponse<String> me = get("/api/v2/me", TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
        assertEquals(200, me.statusCode(), me.body());
        JsonNode user = checkResponse("GET", "/api/v2/me", me).path("user");
        assertEquals(TestUsers.CENTER_WITH_VOICE, user.path("contactCenterId").asText());

        HttpResponse<String> features = get("/api/v2/features", TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
        assertEquals(200, features.statusCode(), features.body());
        JsonNode list = checkResponse("GET", "/api/v2/features", features).path("features");
        assertTrue(list.toString().contains(IngressProcessor.FEATURE_UCS_VOICE), list.toString());
    }

    @Test
    void healthMatchesContract() throws Exception {
        HttpResponse<String> live = get("/health/live", null, null);
        assertEquals(200, live.statusCode(), live.body());
        checkResponse("GET", "/health/live", live);

        HttpResponse<String> ready = get("/health/ready", null, null);
        assertEquals(200, ready.statusCode(), ready.body());
        checkResponse("GET", "/health/ready", ready);
    }

    // ---------------------------------------------------------------------------------------------
    // Error responses
    // ---------------------------------------------------------------------------------------------

    static Stream<Arguments> rejectedBodies() {
        return Stream.of(
                Arguments.of("FindPhoneCall without callId", INTERACTIONS,
                        "{\"operationName\":\"FindPhoneCall\",\"status\":\"New\",\"phoneNumber\":\"1\",\"type\":\"Inbound\"}", 1),
                Arguments.of("FindPhoneCall with blank phoneNumber", INTERACTIONS,
                        "{\"operationName\":\"FindPhoneCall\",\"callId\":\"c\",\"status\":\"New\",\"phoneNumber\":\" \",\"type\":\"Inbound\"}", 1),
                Arguments.of("FindPhoneCall with status Closed", INTERACTIONS,
                        "{\"operationName\":\"FindPhoneCall\",\"callId\":\"c\",\"status\":\"Closed\",\"phoneNumber\":\"1\",\"type\":\"Inbound\"}", 2),
                Arguments.of("FindPhoneCall with type inbound", INTERACTIONS,
                        "{\"operationName\":\"FindPhoneCall\",\"callId\":\"c\",\"status\":\"New\",\"phoneNumber\":\"1\",\"type\":\"inbound\"}", 2),
                Arguments.of("FindPhoneCall with numeric callId", INTERACTIONS,
                        "{\"operationName\":\"FindPhoneCall\",\"callId\":42,\"status\":\"New\",\"phoneNumber\":\"1\",\"type\":\"Inbound\"}", 2),
                Arguments.of("FindPhoneCall with userData array", INTERACTIONS,
                        "{\"operationName\":\"FindPhoneCall\",\"callId\":\"c\",\"status\":\"New\",\"phoneNumber\":\"1\",\"type\":\"Inbound\",\"userData\":[1]}", 2),
                Arguments.of("unknown operationName", INTERACTIONS, "{\"operationName\":\"FindEmail\"}", 2),
                Arguments.of("body that is an array", INTERACTIONS, "[{\"operationName\":\"FindPhoneCall\"}]", 2),
                Arguments.of("SetCallNote on the collection", INTERACTIONS,
                        "{\"operationName\":\"SetCallNote\",\"note\":\"n\"}", 2),
                Arguments.of("FindPhoneCall on an interaction", INTERACTION,
                        "{\"operationName\":\"FindPhoneCall\",\"callId\":\"c\",\"status\":\"New\",\"phoneNumber\":\"1\",\"type\":\"Inbound\"}", 2),
                Arguments.of("SetCallContact with contactPath without slash", INTERACTION,
                        "{\"operationName\":\"SetCallContact\",\"contactPath\":\"0000DaA3G4VF000Q\"}", 2),
                Arguments.of("SetCallContact with short contact id", INTERACTION,
                        "{\"operationName\":\"SetCallContact\",\"contactPath\":\"/contacts/123\"}", 2),
                Arguments.of("SetCallNote without note", INTERACTION, "{\"operationName\":\"SetCallNote\"}", 1),
                Arguments.of("SetCallCompleted without callDuration", INTERACTION,
                        "{\"operationName\":\"SetCallCompleted\"}", 1),
                Arguments.of("SetCallCompleted with callDuration 86401", INTERACTION,
                        "{\"operationName\":\"SetCallCompleted\",\"callDuration\":86401}", 2),
                Arguments.of("SetCallCompleted with callDuration -1", INTERACTION,
                        "{\"operationName\":\"SetCallCompleted\",\"callDuration\":-1}", 2),
                Arguments.of("SetCallCompleted with callDuration 1.5", INTERACTION,
                        "{\"operationName\":\"SetCallCompleted\",\"callDuration\":1.5}", 2),
                Arguments.of("SetCallCompleted with callDuration string 86401", INTERACTION,
                        "{\"operationName\":\"SetCallCompleted\",\"callDuration\":\"86401\"}", 2),
                Arguments.of("SetCallCompleted with callDuration string abc", INTERACTION,
                        "{\"operationName\":\"SetCallCompleted\",\"callDuration\":\"abc\"}", 2),
                Arguments.of("IdentifyUCSContact without attributes", CONTACTS,
                        "{\"operationName\":\"IdentifyUCSContact\",\"phoneNumber\":\" \",\"userData\":{}}", 1),
                Arguments.of("IdentifyUCSContact with createContactEnabled yes", CONTACTS,
                        "{\"operationName\":\"IdentifyUCSContact\",\"phoneNumber\":\"1\",\"createContactEnabled\":\"yes\"}", 2),
                Arguments.of("IdentifyUCSContact with createContactEnabled boolean", CONTACTS,
                        "{\"operationName\":\"IdentifyUCSContact\",\"phoneNumber\":\"1\",\"createContactEnabled\":true}", 2),
                Arguments.of("IdentifyUCSContact with null userData value", CONTACTS,
                        "{\"operationName\":\"IdentifyUCSContact\",\"userData\":{\"segment\":null}}", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedBodies")
    void rejectedRequestMatchesContract(String description, String pathTemplate, String body, int statusCode)
            throws Exception {
        JsonNode json = mapper.readTree(body);
        openApi.assertInvalid(requestSchema(pathTemplate), json, description);

        HttpResponse<String> response = post(concretePath(pathTemplate), body);
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = checkResponse("POST", pathTemplate, response);
        assertEquals(statusCode, error.path("statusCode").asInt(), error.toString());
    }

    @Test
    void wrongPasswordResponseMatchesContract() throws Exception {
        String body = findPhoneCallBody(newCallId()).toString();

        HttpResponse<String> wrongPassword = gateway.post(INTERACTIONS, TestUsers.AGENT, "wrong", body);
        assertEquals(401, wrongPassword.statusCode(), wrongPassword.body());
        assertEquals(20, checkResponse("POST", INTERACTIONS, wrongPassword).path("statusCode").asInt());
        assertTrue(wrongPassword.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic "));

        HttpResponse<String> noCredentials = gateway.post(INTERACTIONS, null, null, body);
        assertEquals(401, noCredentials.statusCode(), noCredentials.body());
        checkResponse("POST", INTERACTIONS, noCredentials);

        HttpResponse<String> me = get("/api/v2/me", TestUsers.AGENT, "wrong");
        assertEquals(401, me.statusCode(), me.body());
        checkResponse("GET", "/api/v2/me", me);
    }

    @Test
    void unknownPathResponseMatchesContract() throws Exception {
        for (String path : List.of("/api/v2/unknown", "/api/v2/ucs/interactionsX", "/")) {
            HttpResponse<String> response = get(path, TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
            assertEquals(404, response.statusCode(), path + ": " + response.body());
            JsonNode error = checkResponseAt("/components/responses/NotFound", response, "GET " + path);
            assertEquals(6, error.path("statusCode").asInt());
        }
    }

    /** Sends PUT, which no path serves, to every path that documents a 405 response. */
    @Test
    void wrongMethodResponseMatchesContract() throws Exception {
        Iterator<String> paths = openApi.at("/paths").fieldNames();
        int checked = 0;
        while (paths.hasNext()) {
            String pathTemplate = paths.next();
            Set<String> methods = documentedMethods(pathTemplate);
            Optional<String> declaring = methods.stream()
                    .filter(method -> openApi.has(ContractDocument.pointer("paths", pathTemplate,
                            method.toLowerCase(Locale.ROOT), "responses", "405")))
                    .findFirst();
            if (declaring.isEmpty()) {
                continue;
            }

            HttpResponse<String> response = send("PUT", concretePath(pathTemplate),
                    TestGateway.basic(TestUsers.AGENT, TestUsers.AGENT_PASSWORD), "application/json", "{}");
            assertEquals(405, response.statusCode(), "PUT " + pathTemplate + ": " + response.body());
            checkResponse(declaring.get(), pathTemplate, response);
            Set<String> allowed = new TreeSet<>(Arrays.asList(
                    response.headers().firstValue("Allow").orElse("").split(",\\s*")));
            assertEquals(methods, allowed, "Allow header of PUT " + pathTemplate + " and the methods in "
                    + openApi.fileName());
            checked++;
        }
        assertTrue(checked >= 5, "only " + checked + " paths document a 405 response");
    }

    @Test
    void unsupportedMediaTypeResponseMatchesContract() throws Exception {
        String body = findPhoneCallBody(newCallId()).toString();
        for (String contentType : new String[] {"text/plain", "application/json; charset=ISO-8859-1", null}) {
            HttpResponse<String> response = gateway.post(INTERACTIONS, TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                    contentType, body);
            assertEquals(415, response.statusCode(), contentType + ": " + response.body());
            assertEquals(2, checkResponse("POST", INTERACTIONS, response).path("statusCode").asInt());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Dead-letter topic
    // ---------------------------------------------------------------------------------------------

    /**
     * Writes a request record of an unknown schemaVersion directly to the request topic. The
     * adapter must send it to the dead-letter topic and send its user an error response.
     */
    @Test
    void unknownSchemaVersionMatchesContract() throws Exception {
        String key = "contract-dead-letter-" + UUID.randomUUID();
        long referenceId = FOREIGN_REFERENCE_ID;
        ObjectNode value = mapper.createObjectNode()
                .put("schemaVersion", 2)
                .put("referenceId", referenceId)
                .put("operationName", "FindPhoneCall")
                .put("userName", TestUsers.AGENT)
                .put("contactCenter", TestUsers.CENTER_WITH_VOICE)
                .put("receivedAt", Instant.now().toString());
        value.set("parameters", findPhoneCallBody(key).without("operationName"));
        asyncApi.assertInvalid(messagePointer("requests", "FindPhoneCall") + "/payload", value,
                "a request record with schemaVersion 2");
        byte[] bytes = mapper.writeValueAsBytes(value);

        RecordMetadata written;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all"))) {
            written = producer.send(new ProducerRecord<>(gateway.requestTopic(), key, bytes)).get(20, TimeUnit.SECONDS);
        }

        ConsumerRecord<String, byte[]> deadLetter = deadLetterRecords
                .await(record -> key.equals(record.key()), RECORD_TIMEOUT)
                .orElseThrow(() -> new AssertionError("no dead-letter record with key " + key));
        checkDeadLetter(deadLetter, bytes, written.partition(), written.offset());
        assertTrue(TopicRecords.header(deadLetter, "failure").contains("schemaVersion"),
                TopicRecords.header(deadLetter, "failure"));

        ConsumerRecord<String, byte[]> errorResponse = responseRecords.awaitReference(referenceId, RECORD_TIMEOUT);
        Map<String, Object> data = agent.awaitReference(referenceId, NOTIFICATION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(data, "no error notification for referenceId " + referenceId);
        JsonNode notification = mapper.readTree(mapper.writeValueAsBytes(data));
        assertAll("error response to a record with schemaVersion 2",
                () -> checkRecord("responses", errorResponse, "FindPhoneCall"),
                () -> assertEquals(key, errorResponse.key(), "error response key"),
                () -> checkNotification(INTERACTIONS, "FindPhoneCall", notification),
                () -> assertTrue(notification.has("errorMessage"), notification.toString()));
    }

    // ---------------------------------------------------------------------------------------------
    // Completeness of the documents
    // ---------------------------------------------------------------------------------------------

    /**
     * Sends every probed method without credentials to every path of the routes and of openapi.yaml.
     * A path serves a method when the response is neither 404 nor 405. Authentication comes after
     * the method check, so a served method gets 401, or for health 200 or 503.
     */
    @Test
    void servedMethodsMatchOpenApi() throws Exception {
        Map<String, String> templateOfPath = new LinkedHashMap<>();
        for (String routePath : routePaths()) {
            templateOfPath.put(routePath, routePath);
        }
        openApi.at("/paths").fieldNames().forEachRemaining(template -> templateOfPath.put(concretePath(template), template));

        Set<String> served = new TreeSet<>();
        for (Map.Entry<String, String> path : templateOfPath.entrySet()) {
            for (String method : PROBED_METHODS) {
                HttpResponse<String> response = send(method, path.getKey(), null, "application/json", "{}");
                if (response.statusCode() != 404 && response.statusCode() != 405) {
                    served.add(method + " " + path.getValue());
                }
            }
        }

        Set<String> documented = new TreeSet<>();
        openApi.at("/paths").fieldNames().forEachRemaining(template ->
                documentedMethods(template).forEach(method -> documented.add(method + " " + template)));
        assertEquals(documented, served, "path and method pairs of " + openApi.fileName()
                + " (expected) and of the running routes (actual)");
    }

    @Test
    void operationNamesAppearInBothDocuments() throws Exception {
        Set<String> accepted = acceptedOperationNames();
        assertFalse(accepted.isEmpty(), "no operation found in the ingress bean");

        Set<String> inOpenApi = new TreeSet<>();
        for (String pathTemplate : postPaths()) {
            inOpenApi.addAll(operationNames(requestSchema(pathTemplate)));
        }
        Set<String> inRequestMessages = messageOperationNames("requests");
        Set<String> inResponseMessages = messageOperationNames("responses");
        Set<String> inEnumeration = new TreeSet<>();
        asyncApi.at("/components/schemas/OperationName/enum").forEach(name -> inEnumeration.add(name.asText()));

        assertAll("operationNames accepted by the gateway " + accepted,
                () -> assertEquals(accepted, inOpenApi, openApi.fileName() + " request bodies"),
                () -> assertEquals(accepted, inRequestMessages, asyncApi.fileName() + " messages of channel requests"),
                () -> assertEquals(accepted, inResponseMessages, asyncApi.fileName() + " messages of channel responses"),
                () -> assertEquals(accepted, inEnumeration, asyncApi.fileName() + " schema OperationName"));
    }

    /**
     * Posts each operationName that the gateway accepts or openapi.yaml documents, without its
     * parameters, to each POST path. The path that documents it must respond with statusCode 1
     * (missing parameter), every other path with 2.
     */
    @Test
    void operationPathsMatchOpenApi() throws Exception {
        Map<String, Set<String>> namesByPath = new LinkedHashMap<>();
        Set<String> allNames = new TreeSet<>(acceptedOperationNames());
        for (String pathTemplate : postPaths()) {
            namesByPath.put(pathTemplate, operationNames(requestSchema(pathTemplate)));
            allNames.addAll(namesByPath.get(pathTemplate));
        }

        for (Map.Entry<String, Set<String>> path : namesByPath.entrySet()) {
            for (String name : allNames) {
                String body = mapper.createObjectNode().put("operationName", name).toString();
                HttpResponse<String> response = post(concretePath(path.getKey()), body);
                int expected = path.getValue().contains(name) ? 1 : 2;
                assertEquals(400, response.statusCode(), name + " on " + path.getKey() + ": " + response.body());
                assertEquals(expected, mapper.readTree(response.body()).path("statusCode").asInt(),
                        name + " on " + path.getKey() + ": " + response.body());
            }
        }
    }

    @Test
    void documentsNameConfiguredTopicsAndChannel() {
        Map<String, String> channelSettings = Map.of(
                "requests", GatewayConfig.REQUEST_TOPIC,
                "responses", GatewayConfig.RESPONSE_TOPIC,
                "deadLetter", GatewayConfig.DEAD_LETTER_TOPIC);
        channelSettings.forEach((channel, setting) -> {
            String topic = defaults.getProperty(setting);
            assertEquals(topic, asyncApi.at(ContractDocument.pointer("channels", channel, "address")).asText(),
                    "address of channel " + channel + " and setting " + setting);
            assertEquals(topic, asyncApi.at(ContractDocument.pointer("channels", channel, "bindings", "kafka", "topic"))
                    .asText(), "Kafka binding topic of channel " + channel);
            assertEquals(defaults.getProperty(GatewayConfig.TOPIC_PARTITIONS),
                    asyncApi.at(ContractDocument.pointer("channels", channel, "bindings", "kafka", "partitions"))
                            .asText(), "partitions of channel " + channel);
        });

        assertEquals(defaults.getProperty(GatewayConfig.NOTIFICATION_CHANNEL),
                openApi.at("/x-notifications/channel").asText(), "CometD channel");
        assertEquals(NotificationServer.CONTEXT_PATH, openApi.at("/x-notifications/path").asText(), "CometD path");
    }

    @Test
    void documentsAreWellFormed() {
        assertEquals("3.1.0", openApi.at("/openapi").asText());
        assertEquals("3.0.0", asyncApi.at("/asyncapi").asText());
        assertEquals(List.of(), openApi.unresolvedReferences(), openApi.fileName() + " references");
        assertEquals(List.of(), asyncApi.unresolvedReferences(), asyncApi.fileName() + " references");
        for (String pathTemplate : postPaths()) {
            String schema = openApi.at(ContractDocument.pointer("paths", pathTemplate, "post", "x-notification-schema"))
                    .asText();
            assertTrue(schema.startsWith("#/"), "x-notification-schema of POST " + pathTemplate + " is not local: " + schema);
            assertTrue(openApi.has(schema.substring(1)),
                    "x-notification-schema of POST " + pathTemplate + " points at nothing: " + schema);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers: one operation end to end
    // ---------------------------------------------------------------------------------------------

    /**
     * Posts an operation and checks the request body, the HTTP response, both records and the
     * notification against the documents. Returns the notification.
     */
    private JsonNode runOperation(String pathTemplate, String path, ObjectNode body) throws Exception {
        String operationName = body.path("operationName").asText();
        openApi.assertValid(requestSchema(pathTemplate), body, operationName + " HTTP request body");

        HttpResponse<String> response = post(path, body.toString());
        assertEquals(200, response.statusCode(), operationName + " response: " + response.body());
        long referenceId = checkResponse("POST", pathTemplate, response).path("referenceId").asLong();

        Map<String, Object> data = agent.awaitReference(referenceId, NOTIFICATION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(data, "no notification for referenceId " + referenceId + " of " + operationName);
        JsonNode notification = mapper.readTree(mapper.writeValueAsBytes(data));
        ConsumerRecord<String, byte[]> request = requestRecords.awaitReference(referenceId, RECORD_TIMEOUT);
        ConsumerRecord<String, byte[]> result = responseRecords.awaitReference(referenceId, RECORD_TIMEOUT);
        JsonNode resultValue = mapper.readTree(result.value());

        assertAll(operationName + " with referenceId " + referenceId,
                () -> checkRecord("requests", request, operationName),
                () -> checkRecord("responses", result, operationName),
                () -> assertEquals(request.key(), result.key(), "the response record key must be the request record key"),
                () -> checkNotification(pathTemplate, operationName, notification),
                () -> assertEquals(resultValue.get("notification"), notification,
                        "the notification must be the notification field of the response record"));
        return notification;
    }

    /**
     * Checks a CometD notification against the schema named by x-notification-schema of the POST
     * operation in openapi.yaml and against the notification field of the response message in
     * asyncapi.yaml.
     */
    private void checkNotification(String pathTemplate, String operationName, JsonNode notification) {
        String operation = ContractDocument.pointer("paths", pathTemplate, "post");
        String openApiSchema = openApi.at(operation + "/x-notification-schema").asText().substring(1);
        String asyncApiSchema = asyncApi.resolve(messagePointer("responses", operationName) + "/payload")
                + "/properties/notification";
        openApi.assertValid(openApiSchema, notification, operationName + " CometD notification");
        asyncApi.assertValid(asyncApiSchema, notification, operationName + " CometD notification");
    }

    /** Checks a dead-letter record against asyncapi.yaml and against the request record it was made of. */
    private void checkDeadLetter(ConsumerRecord<String, byte[]> deadLetter, byte[] value, int partition, long offset) {
        String message = messagePointer("deadLetter", null);
        assertAll("dead-letter record",
                () -> asyncApi.assertValid(message + "/headers", headersOf(deadLetter), "dead-letter record headers"),
                () -> asyncApi.assertValid(message + "/bindings/kafka/key", TextNode.valueOf(deadLetter.key()),
                        "dead-letter record key"),
                () -> assertEquals(new String(value, StandardCharsets.UTF_8),
                        new String(deadLetter.value(), StandardCharsets.UTF_8), "value of the dead-letter record"),
                () -> assertEquals(gateway.requestTopic(), TopicRecords.header(deadLetter, "sourceTopic")),
                () -> assertEquals(String.valueOf(partition), TopicRecords.header(deadLetter, "sourcePartition")),
                () -> assertEquals(String.valueOf(offset), TopicRecords.header(deadLetter, "sourceOffset")));
    }

    /** Checks value, headers and key of a record against the channel's message for the operation. */
    private void checkRecord(String channel, ConsumerRecord<String, byte[]> record, String operationName)
            throws IOException {
        String message = messagePointer(channel, operationName);
        String context = channel + " record of " + operationName;
        JsonNode value = mapper.readTree(record.value());
        ObjectNode headers = headersOf(record);

        asyncApi.assertValid(message + "/payload", value, context + " value");
        asyncApi.assertValid(message + "/headers", headers, context + " headers");
        asyncApi.assertValid(message + "/bindings/kafka/key",
                record.key() == null ? NullNode.getInstance() : TextNode.valueOf(record.key()), context + " key");
        headers.fields().forEachRemaining(header -> assertEquals(value.path(header.getKey()).asText(),
                header.getValue().asText(), context + ": header " + header.getKey() + " must repeat the value field"));

        JsonNode keySource = asyncApi.root().at(message + "/x-key-source");
        if (channel.equals("requests")) {
            assertTrue(keySource.isArray(), asyncApi.fileName() + ": request message " + message + " has no x-key-source");
            String expectedKey = null;
            for (JsonNode field : keySource) {
                JsonNode source = value.at("/" + field.asText().replace('.', '/'));
                if (!source.isMissingNode() && !source.isNull()) {
                    expectedKey = source.asText();
                    break;
                }
            }
            assertEquals(expectedKey, record.key(), context + ": key and x-key-source " + keySource);
        }
    }

    /**
     * Returns the pointer of the channel's message whose payload has this operationName constant;
     * null selects the channel's only message.
     */
    private String messagePointer(String channel, String operationName) {
        List<String> matches = new ArrayList<>();
        String messages = ContractDocument.pointer("channels", channel, "messages");
        asyncApi.at(messages).fieldNames().forEachRemaining(name -> {
            String message = asyncApi.resolve(messages + ContractDocument.pointer(name));
            String payload = asyncApi.resolve(message + "/payload");
            String constant = asyncApi.root().at(payload + "/properties/operationName/const").asText(null);
            if (operationName == null || operationName.equals(constant)) {
                matches.add(message);
            }
        });
        assertEquals(1, matches.size(), asyncApi.fileName() + " must have one message for operationName "
                + operationName + " on channel " + channel + ", found " + matches);
        return matches.get(0);
    }

    private Set<String> messageOperationNames(String channel) {
        Set<String> names = new TreeSet<>();
        String messages = ContractDocument.pointer("channels", channel, "messages");
        asyncApi.at(messages).fieldNames().forEachRemaining(name -> {
            String payload = asyncApi.resolve(asyncApi.resolve(messages + ContractDocument.pointer(name)) + "/payload");
            names.add(asyncApi.root().at(payload + "/properties/operationName/const").asText());
        });
        return names;
    }

    /** Returns the headers of a record as a JSON object of UTF-8 strings; fails on a repeated header. */
    private ObjectNode headersOf(ConsumerRecord<String, byte[]> record) {
        ObjectNode headers = mapper.createObjectNode();
        for (Header header : record.headers()) {
            if (headers.has(header.key())) {
                fail("record header " + header.key() + " appears twice");
            }
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers: HTTP responses and openapi.yaml
    // ---------------------------------------------------------------------------------------------

    /** Checks an HTTP response against the one that openapi.yaml declares for its status, and returns the body. */
    private JsonNode checkResponse(String method, String pathTemplate, HttpResponse<String> response) throws IOException {
        String responses = ContractDocument.pointer("paths", pathTemplate, method.toLowerCase(Locale.ROOT), "responses");
        String declared = responses + ContractDocument.pointer(String.valueOf(response.statusCode()));
        assertTrue(openApi.has(declared), openApi.fileName() + " declares no HTTP " + response.statusCode()
                + " response for " + method + " " + pathTemplate + "; body: " + response.body());
        return checkResponseAt(openApi.resolve(declared), response, method + " " + pathTemplate);
    }

    /** Checks media type, body and required headers of an HTTP response against an OpenAPI Response Object. */
    private JsonNode checkResponseAt(String responsePointer, HttpResponse<String> response, String description)
            throws IOException {
        String context = "HTTP " + response.statusCode() + " response of " + description;
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                context + ": Content-Type " + response.headers().firstValue("Content-Type"));
        JsonNode body = mapper.readTree(response.body());
        openApi.assertValid(responsePointer + JSON_CONTENT, body, context);

        JsonNode headers = openApi.root().at(responsePointer + "/headers");
        headers.fields().forEachRemaining(header -> {
            if (header.getValue().path("required").asBoolean(false)) {
                assertTrue(response.headers().firstValue(header.getKey()).isPresent(),
                        context + ": header " + header.getKey() + " is missing");
            }
        });
        return body;
    }

    private String requestSchema(String pathTemplate) {
        return ContractDocument.pointer("paths", pathTemplate, "post", "requestBody") + JSON_CONTENT;
    }

    /** Returns the operationName constants of a request body schema, following $ref, oneOf and anyOf. */
    private Set<String> operationNames(String schemaPointer) {
        Set<String> names = new TreeSet<>();
        String schema = openApi.resolve(schemaPointer);
        JsonNode node = openApi.at(schema);
        for (String combinator : List.of("oneOf", "anyOf")) {
            for (int i = 0; i < node.path(combinator).size(); i++) {
                names.addAll(operationNames(schema + "/" + combinator + "/" + i));
            }
        }
        JsonNode constant = node.at("/properties/operationName/const");
        if (constant.isTextual()) {
            names.add(constant.asText());
        }
        return names;
    }

    private List<String> postPaths() {
        List<String> paths = new ArrayList<>();
        openApi.at("/paths").fieldNames().forEachRemaining(template -> {
            if (openApi.has(ContractDocument.pointer("paths", template, "post"))) {
                paths.add(template);
            }
        });
        return paths;
    }

    /** Returns the HTTP methods of a path in openapi.yaml, in upper case. */
    private Set<String> documentedMethods(String pathTemplate) {
        Set<String> methods = new TreeSet<>();
        openApi.at(ContractDocument.pointer("paths", pathTemplate)).fieldNames().forEachRemaining(key -> {
            if (OPENAPI_METHODS.contains(key)) {
                methods.add(key.toUpperCase(Locale.ROOT));
            }
        });
        return methods;
    }

    private static String concretePath(String pathTemplate) {
        return pathTemplate.replaceAll("\\{[^}]+}", UNKNOWN_ID);
    }

    private static String interactionPath(String interactionId) {
        return INTERACTIONS + "/" + interactionId;
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers: the gateway under test
    // ---------------------------------------------------------------------------------------------

    /** Returns the operationNames of every operation table of the ingress bean. */
    private Set<String> acceptedOperationNames() throws IllegalAccessException {
        IngressProcessor ingress = gateway.gateway().camelContext().getRegistry()
                .lookupByNameAndType("ingress", IngressProcessor.class);
        assertNotNull(ingress, "no IngressProcessor bean named ingress");
        Set<String> names = new TreeSet<>();
        for (Field field : IngressProcessor.class.getDeclaredFields()) {
            if (!Map.class.isAssignableFrom(field.getType())) {
                continue;
            }
            field.setAccessible(true);
            for (Object value : ((Map<?, ?>) field.get(ingress)).values()) {
                if (value instanceof Operation operation) {
                    names.add(operation.name());
                }
            }
        }
        return names;
    }

    /** Returns the path of every jetty endpoint in the route files. */
    private static Set<String> routePaths() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Set<String> paths = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(ROUTES_DIR)) {
            files = listing.filter(file -> file.toString().endsWith(".xml")).sorted().toList();
        }
        for (Path file : files) {
            NodeList froms = factory.newDocumentBuilder().parse(file.toFile()).getElementsByTagName("from");
            for (int i = 0; i < froms.getLength(); i++) {
                Matcher matcher = JETTY_URI.matcher(((Element) froms.item(i)).getAttribute("uri"));
                // The CometD endpoint takes every method; openapi.yaml describes it under x-notifications.
                if (matcher.find() && !matcher.group(1).equals(NotificationServer.CONTEXT_PATH)) {
                    paths.add(matcher.group(1));
                }
            }
        }
        assertFalse(paths.isEmpty(), "no jetty endpoint in " + ROUTES_DIR.toAbsolutePath());
        return paths;
    }

    private static Properties loadDefaultSettings() throws IOException {
        Properties properties = new Properties();
        try (InputStream input = ContractIT.class.getResourceAsStream("/application.properties")) {
            assertNotNull(input, "application.properties is not on the class path");
            properties.load(input);
        }
        return properties;
    }

    private String createInteraction() throws Exception {
        JsonNode notification = runOperation(INTERACTIONS, INTERACTIONS, findPhoneCallBody(newCallId()));
        String interactionId = notification.path("interactionId").asText();
        assertNotEquals("", interactionId, notification.toString());
        return interactionId;
    }

    private String createContact() throws Exception {
        JsonNode notification = runOperation(CONTACTS, CONTACTS, identifyBody(newPhoneNumber(), "true"));
        String contactId = notification.path("contactId").asText();
        assertNotEquals("", contactId, notification.toString());
        return contactId;
    }

    /** Reads an interaction back over HTTP, checks the response against openapi.yaml and returns the interaction. */
    private JsonNode readInteraction(String interactionId) throws Exception {
        HttpResponse<String> response = get(interactionPath(interactionId), TestUsers.AGENT, TestUsers.AGENT_PASSWORD);
        assertEquals(200, response.statusCode(), response.body());
        return checkResponse("GET", INTERACTION, response).path("interaction");
    }

    private ObjectNode findPhoneCallBody(String callId) {
        ObjectNode body = mapper.createObjectNode()
                .put("operationName", "FindPhoneCall")
                .put("callId", callId)
                .put("status", "InProcess")
                .put("contactId", "0000DaA3G4VF000Q")
                .put("phoneNumber", "1231231231")
                .put("type", "Inbound")
                .put("parentId", "XXXDDDD")
                .put("threadId", "A34XX6BA0FX")
                .put("subject", "Billing question");
        body.putObject("userData").put("key1", "value1").put("count", 2).putObject("nested").put("flag", true);
        return body;
    }

    private ObjectNode identifyBody(String phoneNumber, String createContactEnabled) {
        return mapper.createObjectNode()
                .put("operationName", "IdentifyUCSContact")
                .put("phoneNumber", phoneNumber)
                .put("mediaType", "call")
                .put("createContactEnabled", createContactEnabled);
    }

    private static String newCallId() {
        return "contract-" + UUID.randomUUID();
    }

    private static String newPhoneNumber() {
        return "+1555" + UUID.randomUUID().toString().replaceAll("[^0-9]", "").substring(0, 7);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return gateway.post(path, TestUsers.AGENT, TestUsers.AGENT_PASSWORD, body);
    }

    /** GETs a path; a null user sends no credentials. */
    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        return send("GET", path, user == null ? null : TestGateway.basic(user, password), null, null);
    }

    /** Sends a request; null authorization, content type or body leave that part out. */
    private HttpResponse<String> send(String method, String path, String authorization, String contentType,
                                      String body) throws Exception {
        boolean hasBody = body != null && !method.equals("GET") && !method.equals("DELETE");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, hasBody ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
                        : HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (hasBody && contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits until the notification route delivers: it starts at the latest offset once it has its
     * partitions, so notifications of earlier requests are lost. Tries for at most 60 s.
     */
    private void awaitNotificationRoute() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = post(INTERACTIONS, findPhoneCallBody(newCallId()).toString());
            assertEquals(200, response.statusCode(), response.body());
            long referenceId = mapper.readTree(response.body()).path("referenceId").asLong();
            if (agent.awaitReference(referenceId, 3, TimeUnit.SECONDS) != null) {
                return;
            }
        }
        throw new IllegalStateException("The notification route delivered nothing within 60 s");
    }
}
