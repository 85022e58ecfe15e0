package org.ucsgateway.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jetty.JettyHttpComponent;
import org.apache.camel.http.common.CamelServlet;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The component's Jetty listener, started on 127.0.0.1 and called over HTTP. */
class LimitedJettyComponentTest {

    private static final InputLimits LIMITS = new InputLimits(32_768, 16, 256, 16_384, 255, 32, 30_000, 1024);

    @Test
    void servletUsesExactPathResolver() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CamelContext context = new DefaultCamelContext();
        context.addComponent("jetty", new LimitedJettyComponent(LIMITS));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jetty:http://127.0.0.1:" + port + "/probe").setBody(constant("probe answered"));
            }
        });
        context.start();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/probe")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("probe answered", response.body());

            CamelServlet servlet = servletOfPort(port);
            assertNotNull(servlet, "no camel-jetty servlet listens on port " + port);
            assertInstanceOf(ExactPathResolver.class, servlet.getServletResolveConsumerStrategy());
        } finally {
            context.stop();
        }
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
