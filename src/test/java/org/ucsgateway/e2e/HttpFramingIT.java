package org.ucsgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ucsgateway.ingress.InputLimits;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.HostileRequests;
import org.ucsgateway.support.RawHttp;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;

/**
 * HTTP framing and slow clients over raw sockets: oversized bodies refused before they are read,
 * conflicting framing headers, bodies cut off mid-way, and slow connections that must neither
 * starve the server nor stay open. The gateway runs with an idle timeout of 3 s so the timeouts
 * show within the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpFramingIT {

    private static final int IDLE_TIMEOUT_MS = 3000;
    private static final int SLOW_CONNECTIONS = 250;

    private final ObjectMapper mapper = new ObjectMapper();
    private TestGateway gateway;
    private int port;

    @BeforeAll
    void startGateway() throws Exception {
        gateway = TestGateway.start(Store.H2, Map.of(InputLimits.IDLE_TIMEOUT_MS, String.valueOf(IDLE_TIMEOUT_MS),
                InputLimits.MIN_REQUEST_DATA_RATE, "1024"));
        port = URI.create(gateway.baseUrl()).getPort();
    }

    @AfterAll
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void oversizedContentLengthIs413() throws Exception {
        long before = published();
        try (RawHttp client = RawHttp.connect(port, 15_000)) {
            client.send(RawHttp.head(ApiSteps.INTERACTIONS, "Content-Length: 10485760"));
            String answer = client.readUntilClosed();

            assertEquals(413, RawHttp.status(answer), answer);
            assertErrorBody(answer, 2, "larger than the limit of 32768 bytes");
            assertTrue(answer.toLowerCase().contains("connection: close"), answer);
        }
        assertEquals(before, published());
    }

    @Test
    void chunkedBodyOverLimitIs413() throws Exception {
        long before = published();
        try (RawHttp client = RawHttp.connect(port, 15_000)) {
            client.send(RawHttp.head(ApiSteps.INTERACTIONS, "Transfer-Encoding: chunked"));
            String chunk = "x".repeat(4096);
            client.send("1000\r\n" + "{\"callId\":\"" + chunk.substring(11) + "\r\n");
            for (int i = 0; i < 12; i++) {
                if (!client.send("1000\r\n" + chunk + "\r\n")) {
                    break;
                }
            }
            String answer = client.readUntilClosed();

            assertEquals(413, RawHttp.status(answer), answer);
            assertErrorBody(answer, 2, "larger than the limit of 32768 bytes");
        }
        assertEquals(before, published());
    }

    @Test
    void chunkedBodyWithinLimitIsAccepted() throws Exception {
        long before = published();
        byte[] body = ApiSteps.findPhoneCall(ApiSteps.newCallId()).getBytes(StandardCharsets.UTF_8);
        int half = body.length / 2;
        try (RawHttp client = RawHttp.connect(port, 15_000)) {
            client.send(RawHttp.head(ApiSteps.INTERACTIONS, "Transfer-Encoding: chunked", "Connection: close"));
            client.send(Integer.toHexString(half) + "\r\n");
            client.send(java.util.Arrays.copyOfRange(body, 0, half));
            client.send("\r\n" + Integer.toHexString(body.length - half) + "\r\n");
            client.send(java.util.Arrays.copyOfRange(body, half, body.length));
            client.send("\r\n0\r\n\r\n");
            String answer = client.readUntilClosed();

            assertEquals(200, RawHttp.status(answer), answer);
            assertTrue(answer.contains("\"statusCode\":0"), answer);
        }
        assertEquals(before + 1, published());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Content-Length: 20\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: chunked\r\nContent-Length: 20",
        "Content-Length: 20\r\nContent-Length: 30",
        "Content-Length: abc",
        "Content-Length: -5",
        "Transfer-Encoding: gzip",
        "Transfer-Encoding: chunked, chunked"})
    void conflictingFramingIs400(String framing) throws Exception {
        long before = published();
        String body = "{\"operationName\":\"FindPhoneCall\"}";
        try (RawHttp client = RawHttp.connect(port, 15_000)) {
            client.send(RawHttp.head(ApiSteps.INTERACTIONS, framing.split("\r\n")) + "14\r\n" + body + "\r\n0\r\n\r\n");
            String answer = client.readUntilClosed();

            int status = RawHttp.status(answer);
            assertTrue(status == 400 || status == 501, answer);
            assertErrorBody(answer, status == 400 ? 2 : 4, "HTTP " + status);
        }
        assertEquals(before, published());
    }

    @Test
    void bodyCutOffBeforeItsLengthPublishesNothing() throws Exception {
        long before = published();
        byte[] body = ApiSteps.findPhoneCall(ApiSteps.newCallId()).getBytes(StandardCharsets.UTF_8);
        try (RawHttp client = RawHttp.connect(port, 15_000)) {
            // The whole valid document, but the declared length promises 50 more bytes.
            client.send(RawHttp.head(ApiSteps.INTERACTIONS, "Content-Length: " + (body.length + 50)));
            client.send(body);
            client.shutdownOutput();
            String answer = client.readUntilClosed();

            assertTrue(answer.isEmpty() || RawHttp.status(answer) == 400, "answer: " + answer);
        }
        TimeUnit.SECONDS.sleep(1);
        assertEquals(before, published());
    }

    @Test
    void chunkedBodyCutOffPublishesNothing() throws Exception {
        long before = published();
        byte[] body = ApiSteps.findPhoneCall(ApiSteps.newCallId()).getBytes(StandardCharsets.UTF_8);
        try (RawHttp client = RawHttp.connect(port, 15_000)) {
            client.send(RawHttp.head(ApiSteps.INTERACTIONS, "Transfer-Encoding: chunked"));
            client.send(Integer.toHexString(body.length) + "\r\n");
            client.send(body);
            client.send("\r\n");
            client.shutdownOutput();
            String answer = client.readUntilClosed();

            assertTrue(answer.isEmpty() || RawHttp.status(answer) == 400, "answer: " + answer);
        }
        TimeUnit.SECONDS.sleep(1);
        assertEquals(before, published());
    }

    @Test
    void slowConnectionsDoNotStarveServer() throws Exception {
        long before = published();
        List<RawHttp> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                RawHttp client = RawHttp.connect(port, 20_000);
                slow.add(client);
                client.send(RawHttp.head(ApiSteps.INTERACTIONS, "Content-Length: 1000") + "{\"operation");
            }

            long start = System.nanoTime();
            HttpResponse<String> response = HostileRequests.post(gateway, HostileRequests.Op.FIND_PHONE_CALL,
                    ApiSteps.findPhoneCall(ApiSteps.newCallId()));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            ApiSteps.accepted(response);
            assertTrue(elapsedMs < 10_000, "a normal request took " + elapsedMs + " ms beside slow connections");

            // Every stalled connection gets 408 or is closed once the idle timeout passed.
            for (RawHttp client : slow) {
                String answer = client.readUntilClosed();
                int status = RawHttp.status(answer);
                assertTrue(answer.isEmpty() || status == 408 || status == 400, "answer: " + answer);
            }
            long closedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(closedAfterMs < 20_000, "stalled connections stayed open for " + closedAfterMs + " ms");
        } finally {
            for (RawHttp client : slow) {
                client.close();
            }
        }
        assertEquals(before + 1, published());
    }

    @Test
    void bodyBelowMinimumDataRateIsCutOff() throws Exception {
        long before = published();
        byte[] body = ApiSteps.findPhoneCall(ApiSteps.newCallId()).getBytes(StandardCharsets.UTF_8);
        try (RawHttp client = RawHttp.connect(port, 20_000)) {
            client.send(RawHttp.head(ApiSteps.INTERACTIONS, "Content-Length: " + body.length));
            // One byte every 500 ms never idles for 3 s but stays far below 1024 bytes per second.
            // The loop stops after 40 bytes, about 20 s, whether or not the server cut it off.
            long start = System.nanoTime();
            boolean open = true;
            for (int i = 0; i < 40 && open; i++) {
                open = client.send(new byte[] {body[i]});
                TimeUnit.MILLISECONDS.sleep(500);
            }
            String answer = client.readUntilClosed();
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertTrue(!open || !answer.isEmpty(), "the server kept reading a body below the minimum data rate");
            assertTrue(answer.isEmpty() || RawHttp.status(answer) == 408, "answer: " + answer);
            assertTrue(elapsedMs < 30_000, "cut off after " + elapsedMs + " ms");
        }
        assertEquals(before, published());
    }

    private long published() {
        return gateway.recordCount(gateway.requestTopic());
    }

    private void assertErrorBody(String answer, int statusCode, String named) throws Exception {
        JsonNode body = mapper.readTree(RawHttp.body(answer));
        assertEquals(statusCode, body.get("statusCode").asInt(), answer);
        assertTrue(body.get("statusMessage").asText().contains(named), answer);
        assertFalse(answer.contains("Jetty"), answer);
        assertFalse(answer.contains("Exception"), answer);
    }
}
