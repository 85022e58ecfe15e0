package org.ucsgateway.operations;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.ucsgateway.adapter.DeadLetters;
import org.ucsgateway.adapter.ResponseBatch;
import org.ucsgateway.adapter.UcsAdapter;
import org.ucsgateway.health.HealthCheck;
import org.ucsgateway.ingress.DrainingGuard;
import org.ucsgateway.ingress.ErrorAnswers;
import org.ucsgateway.ingress.IngressProcessor;
import org.ucsgateway.ingress.LimitedJettyComponent;
import org.ucsgateway.ingress.QueryProcessor;
import org.ucsgateway.metrics.GatewayMetrics;
import org.ucsgateway.notification.NotificationDispatcher;
import org.ucsgateway.security.CsrfProtection;

/**
 * Names and types of the beans that {@code Gateway} binds for the routes. The validate command
 * checks bean references and methods against this map without creating any bean, and
 * {@code MetricsIT} checks that a running gateway binds each of these with its type.
 */
public final class GatewayBeans {

    private GatewayBeans() {
    }

    /** Returns the bean names in binding order, each with the type of the bound object. */
    public static Map<String, Class<?>> types() {
        Map<String, Class<?>> types = new LinkedHashMap<>();
        types.put("notificationHandlers", ContextHandlerCollection.class);
        types.put("drainingGuard", DrainingGuard.class);
        types.put("csrf", CsrfProtection.class);
        types.put("jetty", LimitedJettyComponent.class);
        types.put("ingress", IngressProcessor.class);
        types.put("errorAnswers", ErrorAnswers.class);
        types.put("ucsAdapter", UcsAdapter.class);
        types.put("responseBatch", ResponseBatch.class);
        types.put("queries", QueryProcessor.class);
        types.put("deadLetters", DeadLetters.class);
        types.put("notificationDispatcher", NotificationDispatcher.class);
        types.put("health", HealthCheck.class);
        types.put("metrics", GatewayMetrics.class);
        return types;
    }
}
