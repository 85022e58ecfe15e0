package org.ucsgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/** Health endpoints, unknown paths and wrong methods over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpRoutingIT {

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private TestGateway gateway;

    @BeforeAll
    void startGateway() throws Exception {
        gateway = TestGateway.start(Store.H2);
    }

    @AfterAll
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void liveIsUp() throws Exception {
        HttpResponse<String> response = get("/health/live");
        assertEquals(200, response.statusCode());
        assertEquals("UP", mapper.readTree(response.body()).get("status").asText());
    }

    @Test
    void readyListsEveryCheckAsUp() throws Exception {
        HttpResponse<String> response = get("/health/ready");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode checks = mapper.readTree(response.body()).get("checks");
        for (String check : new String[] {"routes", "kafka", "store", "cometd"}) {
            assertEquals("UP", checks.path(check).asText(), "check " + check + " in " + response.body());
        }
    }

    @Test
    void readyReportsAdapterPartitions() throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        JsonNode partitions = null;
        while (System.nanoTime() < deadline) {
            partitions = mapper.readTree(get("/health/ready").body()).path("details").path("adapterPartitions");
            if (partitions.path("total").asInt(-1) > 0
                    && partitions.path("assigned").asInt() == partitions.path("total").asInt()) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals(3, partitions.path("total").asInt(), "adapterPartitions: " + partitions);
        assertEquals(3, partitions.path("assigned").asInt(), "adapterPartitions: " + partitions);
        // One group member per consumer of ucs.kafka.adapter-consumers, 3 by default.
        assertEquals(3, partitions.path("members").asInt(), "adapterPartitions: " + partitions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/v2/unknown", "/api/v2/ucs/interactionsX", "/api/v1/ucs/interactions"})
    void unknownPathIsStatusCode6(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(404, response.statusCode(), response.body());
        JsonNode body = mapper.readTree(response.body());
        assertEquals(Set.of("statusCode", "statusMessage"), FindPhoneCallIT.fieldNames(body));
        assertEquals(6, body.get("statusCode").asInt());
        assertTrue(body.get("statusMessage").asText().contains(path), body.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "?origin=crm", "/?origin=crm&origin=ivr"})
    void collectionPathVariantsTakeFindPhoneCall(String suffix) throws Exception {
        String callId = ApiSteps.newCallId();
        HttpResponse<String> response = gateway.post(FindPhoneCallIT.PATH + suffix, TestUsers.AGENT,
                TestUsers.AGENT_PASSWORD, ApiSteps.findPhoneCall(callId));

        assertTrue(ApiSteps.referenceId(response) > 0, response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "OPTIONS", "TRACE"})
    void wrongMethodIs405(String method) throws Exception {
        long recordsBefore = gateway.recordCount(gateway.requestTopic());
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + FindPhoneCallIT.PATH))
                .header("Authorization", TestGateway.basic(TestUsers.AGENT, TestUsers.AGENT_PASSWORD))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(405, response.statusCode(), response.body());
        assertEquals("POST", response.headers().firstValue("Allow").orElse(null));
        JsonNode body = mapper.readTree(response.body());
        assertEquals(Set.of("statusCode", "statusMessage"), FindPhoneCallIT.fieldNames(body));
        assertEquals(2, body.get("statusCode").asInt());
        assertTrue(body.get("statusMessage").asText().contains(method), body.toString());
        assertEquals(recordsBefore, gateway.recordCount(gateway.requestTopic()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"OPTIONS", "TRACE"})
    void unknownPathIs404ForOptionsAndTrace(String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v2/ucs/unknown"))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(404, response.statusCode(), response.body());
        JsonNode body = mapper.readTree(response.body());
        assertEquals(Set.of("statusCode", "statusMessage"), FindPhoneCallIT.fieldNames(body));
        assertEquals(6, body.get("statusCode").asInt());
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
