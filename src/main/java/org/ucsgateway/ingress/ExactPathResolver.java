package org.ucsgateway.ingress;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.camel.http.common.HttpConsumer;
import org.apache.camel.http.common.HttpRestServletResolveConsumerStrategy;

/**
 * Finds the route of a request for camel-jetty's servlet. The servlet calls it once when a request
 * arrives and again when an asynchronous route resumes it to write the response. A request whose path is
 * the path of exactly one route, whose method that route allows, goes to that route after one
 * pass over the routes of the listener, provided no route path contains a {placeholder}. Every other
 * request goes through camel-jetty's own matching (placeholders, matchOnUriPrefix,
 * httpMethodRestrict), which builds and compares a path object per route on each call. That
 * matching took about a tenth of the JFR execution samples of Jetty's threads at full load of
 * POST /api/v2/ucs/interactions.
 */
final class ExactPathResolver extends HttpRestServletResolveConsumerStrategy {

    /**
     * Finds the route as described above. camel-jetty's servlet keys {@code consumers} by endpoint
     * URI, not by path, so the exact match compares each route's path.
     */
    @Override
    protected HttpConsumer doResolve(HttpServletRequest request, String method, Map<String, HttpConsumer> consumers) {
        String path = request.getPathInfo();
        HttpConsumer exact = path == null ? null : exactMatch(path, consumers.values());
        if (exact != null && allows(exact.getEndpoint().getHttpMethodRestrict(), method)) {
            return exact;
        }
        return super.doResolve(request, method, consumers);
    }

    /**
     * Returns the one route whose path is {@code path}, or null when none or several are, or when
     * any route path contains a {placeholder}, which only camel-jetty's matching handles.
     */
    static HttpConsumer exactMatch(String path, Iterable<HttpConsumer> consumers) {
        HttpConsumer exact = null;
        for (HttpConsumer consumer : consumers) {
            String consumerPath = consumer.getPath();
            if (consumerPath == null || consumerPath.indexOf('{') >= 0) {
                return null;
            }
            if (consumerPath.equals(path)) {
                if (exact != null) {
                    return null;
                }
                exact = consumer;
            }
        }
        return exact;
    }

    /** Returns whether a comma-separated httpMethodRestrict value, or none, allows the method. */
    static boolean allows(String restrict, String method) {
        if (restrict == null || restrict.isBlank()) {
            return true;
        }
        if (method == null) {
            return false;
        }
        for (String allowed : restrict.split(",")) {
            if (allowed.trim().equalsIgnoreCase(method)) {
                return true;
            }
        }
        return false;
    }
}
