package org.ucsgateway.ingress;

import static org.apache.camel.builder.Builder.constant;
import static org.apache.camel.builder.Builder.simple;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jetty.JettyHttpComponent;
import org.apache.camel.http.common.CamelServlet;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ucsgateway.support.TestGateway;

/** The component's Jetty listener, started on 127.0.0.1 and called over HTTP. */
class LimitedJettyComponentTest {

    private static final InputLimits LIMITS = new InputLimits(32_768, 16, 256, 16_384, 255, 32, 30_000, 1024);

    private final int port = TestGateway.freePort();
    private final HttpClient client = HttpClient.newHttpClient();
    private CamelContext context;

    LimitedJettyComponentTest() throws IOException {
    }

    @AfterEach
    void stopContext() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void listenerUsesGatewayServlet() throws Exception {
        start("/probe", route -> route.setBody(constant("probe answered")));

        HttpResponse<String> response = get("/probe");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("probe answered", response.body());

        CamelServlet servlet = servletOfPort(port);
        assertNotNull(servlet, "no camel-jetty servlet listens on port " + port);
        assertInstanceOf(ExactPathResolver.class, servlet.getServletResolveConsumerStrategy());
        assertInstanceOf(DirectResponseServlet.class, servlet);
    }

    @Test
    void routeCompletingOnAnotherThreadSendsResponse() throws Exception {
        start("/later?chunked=false", route -> route
                .delay(20).asyncDelayed()
                .process(exchange -> exchange.getMessage().setHeader("Completed-On", Thread.currentThread().getName()))
                .setBody(simple("response for ${header.id}")));

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = get("/later?id=" + i);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("response for " + i, response.body());
            String thread = response.headers().firstValue("Completed-On").orElseThrow();
            assertFalse(thread.startsWith("CamelJettyServer"), "route completed on Jetty's thread " + thread);
        }
        // The exchange ends right after its response is written.
        assertNoExchangeInFlight(context);
    }

    @Test
    void routeSlowerThanContinuationTimeoutGets504() throws Exception {
        start("/slow?continuationTimeout=300", route -> route
                .delay(1500).asyncDelayed()
                .setBody(constant("too late")));

        long started = System.nanoTime();
        HttpResponse<String> response = get("/slow");
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(504, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("\"statusCode\":4"), response.body());
        assertTrue(response.body().contains("no response within the continuation timeout"), response.body());
        assertTrue(tookMs < 1500, "response after " + tookMs + " ms, not at the timeout");

        // The route's completion after the timeout ends its exchange.
        assertNoExchangeInFlight(context);
    }

    /** Starts a Camel context with the component and one route from the listener's path and query. */
    private void start(String pathAndQuery, Consumer<RouteDefinition> steps) throws Exception {
        context = new DefaultCamelContext();
        context.addComponent("jetty", new LimitedJettyComponent(LIMITS));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                steps.accept(from("jetty:http://127.0.0.1:" + port + pathAndQuery));
            }
        });
        context.start();
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNoExchangeInFlight(CamelContext context) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (context.getInflightRepository().size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, context.getInflightRepository().size(), "exchanges in flight");
    }


    /**
     * Returns the servlet camel-jetty created for the listener on the port. camel-jetty keeps its
     * listeners in a static map keyed "host:port" and offers no getter, so this reads the fields.
     */
    private static CamelServlet servletOfPort(int port) throws ReflectiveOperationException {
        Field connectorsField = JettyHttpComponent.class.getDeclaredField("CONNECTORS");
        connectorsField.setAccessible(true);
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) connectorsField.get(null)).entrySet()) {
            if (String.valueOf(entry.getKey()).endsWith(":" + port)) {
                Field servletField = entry.getValue().getClass().getDeclaredField("servlet");
                servletField.setAccessible(true);
                return (CamelServlet) servletField.get(entry.getValue());
            }
        }
        return null;
    }
}
