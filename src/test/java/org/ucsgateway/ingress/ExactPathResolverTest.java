package org.ucsgateway.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.camel.CamelContext;
import org.apache.camel.component.jetty.JettyHttpEndpoint;
import org.apache.camel.http.common.HttpConsumer;
import org.apache.camel.http.common.HttpRestServletResolveConsumerStrategy;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The resolver picks the same route as camel-jetty's own matching for the endpoints of the
 * gateway's route files, for every path and method below.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactPathResolverTest {

    private static final String BASE = "jetty:http://127.0.0.1:18099";
    private static final List<String> ENDPOINTS = List.of(
            "/api/v2/ucs/interactions?matchOnUriPrefix=true",
            "/api/v2/contacts/ucs",
            "/?matchOnUriPrefix=true",
            "/api/v2/me",
            "/api/v2/features",
            "/api/v2/notifications",
            "/metrics?httpMethodRestrict=GET",
            "/health/live?httpMethodRestrict=GET",
            "/health/ready?httpMethodRestrict=GET");
    private static final List<String> PATHS = List.of(
            "/api/v2/ucs/interactions", "/api/v2/ucs/interactions/", "/api/v2/ucs/interactions/0001",
            "/api/v2/ucs/interactionsX", "/api/v2/contacts/ucs", "/api/v2/contacts/ucs/1", "/", "/x",
            "/api/v2/me", "/api/v2/features", "/api/v2/notifications", "/metrics", "/metrics/x",
            "/health/live", "/health/ready", "/health");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD");

    private CamelContext context;
    private final Map<String, HttpConsumer> consumers = new LinkedHashMap<>();

    @BeforeAll
    void createConsumers() throws Exception {
        context = new DefaultCamelContext();
        context.addComponent("jetty", new LimitedJettyComponent(new InputLimits(32_768, 16, 256, 16_384, 255, 32, 30_000, 1024)));
        context.start();
        for (String endpoint : ENDPOINTS) {
            HttpConsumer consumer = new HttpConsumer(context.getEndpoint(BASE + endpoint, JettyHttpEndpoint.class),
                    exchange -> { });
            // camel-jetty's servlet keys its consumers by endpoint URI.
            consumers.put(consumer.getEndpoint().getEndpointUri(), consumer);
        }
    }

    @AfterAll
    void stopContext() {
        context.stop();
    }

    @Test
    void picksTheSameRouteAsCamelJetty() {
        HttpRestServletResolveConsumerStrategy camelJetty = new HttpRestServletResolveConsumerStrategy();
        ExactPathResolver resolver = new ExactPathResolver();
        int exactHits = 0;
        for (String path : PATHS) {
            for (String method : METHODS) {
                HttpServletRequest request = request(method, path);
                HttpConsumer expected = camelJetty.resolve(request, consumers);
                HttpConsumer actual = resolver.resolve(request, consumers);
                assertSame(expected, actual, method + " " + path + ": camel-jetty picks "
                        + (expected == null ? null : expected.getPath()) + ", the resolver "
                        + (actual == null ? null : actual.getPath()));
                assertEquals(camelJetty.isHttpMethodAllowed(request, method, consumers),
                        resolver.isHttpMethodAllowed(request, method, consumers), method + " " + path);
                if (actual != null && path.equals(actual.getPath())) {
                    exactHits++;
                }
            }
        }
        assertTrue(exactHits > 0, "no request matched a route path exactly");
    }

    @Test
    void interactionsPathMatchesExactly() {
        HttpConsumer interactions = ExactPathResolver.exactMatch("/api/v2/ucs/interactions", consumers.values());
        assertNotNull(interactions, "no exact match among " + consumers.keySet());
        assertEquals("/api/v2/ucs/interactions", interactions.getPath());
        assertSame(interactions, new ExactPathResolver().resolve(request("POST", "/api/v2/ucs/interactions"), consumers));
    }

    @Test
    void itemPathHasNoExactMatch() {
        assertNull(ExactPathResolver.exactMatch("/api/v2/ucs/interactions/0001", consumers.values()));
    }

    @Test
    void httpMethodRestrictIsHonoured() {
        assertTrue(ExactPathResolver.allows(null, "POST"));
        assertTrue(ExactPathResolver.allows("GET", "GET"));
        assertTrue(ExactPathResolver.allows("GET, POST", "post"));
        assertFalse(ExactPathResolver.allows("GET", "POST"));
        assertFalse(ExactPathResolver.allows("GET", null));
    }

    @Test
    void placeholderPathLeavesMatchingToCamelJetty() throws Exception {
        HttpConsumer template = new HttpConsumer(
                context.getEndpoint(BASE + "/api/v2/items/{id}", JettyHttpEndpoint.class), exchange -> { });
        List<HttpConsumer> withTemplate = new ArrayList<>(consumers.values());
        withTemplate.add(template);
        assertNull(ExactPathResolver.exactMatch("/api/v2/me", withTemplate));
        assertNotNull(ExactPathResolver.exactMatch("/api/v2/me", consumers.values()));
    }

    /** Returns a request that implements only what the resolvers call: its method and its path. */
    private static HttpServletRequest request(String method, String path) {
        return (HttpServletRequest) Proxy.newProxyInstance(ExactPathResolverTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, invoked, args) -> switch (invoked.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> path;
                    case "toString" -> method + " " + path;
                    default -> throw new UnsupportedOperationException(invoked.getName());
                });
    }
}
