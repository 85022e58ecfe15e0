package org.ucsgateway.ingress;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.apache.camel.component.jetty.JettyHttpEndpoint;
import org.apache.camel.component.jetty12.JettyHttpComponent12;
import org.apache.camel.http.common.CamelServlet;
import org.apache.camel.http.common.HttpConsumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.Container;
import org.eclipse.jetty.util.component.Graceful;

/**
 * camel-jetty component of the gateway. It configures the Jetty server that camel-jetty creates
 * for the HTTP listener: the connector's idle timeout, {@link JsonErrorHandler} for the errors
 * Jetty responds to itself, {@link DirectResponseServlet} as the servlet, {@link ExactPathResolver}
 * to find the route of a request, and as the outermost handler the {@link RequestBodyGuard}.
 * Jetty's own {@code StatisticsHandler.MinimumDataRateHandler} is not used: in Jetty 12.1.6 it divides the
 * bytes of all requests by the age of one and cuts off a request whose body has not arrived at
 * its first read. The guard is put back outside whenever camel-jetty adds handlers of
 * an endpoint, such as the CometD handlers of the ingress route, so it also covers them.
 */
public final class LimitedJettyComponent extends JettyHttpComponent12 {

    private final InputLimits limits;

    public LimitedJettyComponent(InputLimits limits) {
        this.limits = limits;
    }

    @Override
    protected Connector createConnector(Server server, JettyHttpEndpoint endpoint) {
        Connector connector = super.createConnector(server, endpoint);
        if (connector instanceof AbstractConnector configurable) {
            configurable.setIdleTimeout(limits.idleTimeoutMs());
        }
        // Responses name no server software or version.
        for (ConnectionFactory factory : connector.getConnectionFactories()) {
            if (factory instanceof HttpConnectionFactory http) {
                http.getHttpConfiguration().setSendServerVersion(false);
                http.getHttpConfiguration().setSendXPoweredBy(false);
            }
        }
        server.setErrorHandler(new JsonErrorHandler());
        return connector;
    }

    @Override
    protected CamelServlet createServletForConnector(Server server, Connector connector, List<Handler> handlers,
                                                     JettyHttpEndpoint endpoint) throws Exception {
        CamelServlet created = super.createServletForConnector(server, connector, handlers, endpoint);
        CamelServlet servlet = replace(server, created, new DirectResponseServlet());
        servlet.setServletResolveConsumerStrategy(new ExactPathResolver());
        guard(server);
        return servlet;
    }

    /**
     * Puts {@code replacement} in the place of the servlet camel-jetty created, before the server
     * starts. camel-jetty creates its servlet inside this method's super call together with the
     * servlet context, multipart settings and handlers, so only the servlet is swapped. The holder
     * keeps its init parameters, which the replacement reads when Jetty initializes it.
     */
    static CamelServlet replace(Server server, CamelServlet created, CamelServlet replacement) {
        for (ServletContextHandler context : server.getDescendants(ServletContextHandler.class)) {
            for (ServletHolder holder : context.getServletHandler().getServlets()) {
                // Before the server starts, getServletInstance() is null, but the held class is known.
                if (holder.isInstance() && holder.getHeldClass() == created.getClass()) {
                    holder.setServlet(replacement);
                    return replacement;
                }
            }
        }
        throw new IllegalStateException("camel-jetty's servlet is not in the server's servlet contexts");
    }

    /**
     * Shuts down the graceful components of the endpoint's own handlers, such as the CometD
     * handlers ending their held long polls, before camel-jetty disconnects the route. camel-jetty
     * stops the listener when its last route disconnects, and a request still held then would end
     * with status 500.
     */
    @Override
    public void disconnect(HttpConsumer consumer) throws Exception {
        if (consumer.getEndpoint() instanceof JettyHttpEndpoint endpoint && endpoint.getHandlers() != null) {
            // A wrapper among the handlers contains the others' beans too, so each is taken once.
            Set<Graceful> components = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Handler handler : endpoint.getHandlers()) {
                if (handler instanceof Container container) {
                    components.addAll(container.getContainedBeans(Graceful.class));
                }
            }
            components.forEach(Graceful::shutdown);
        }
        super.disconnect(consumer);
    }

    @Override
    protected void addJettyHandlers(Server server, List<Handler> handlers) {
        super.addJettyHandlers(server, handlers);
        guard(server);
    }

    private void guard(Server server) {
        Handler current = server.getHandler();
        if (current == null || isGuard(current)) {
            return;
        }
        server.setHandler(new RequestBodyGuard(current, limits.maxBodyBytes(), limits.minRequestDataRate()));
    }

    private static boolean isGuard(Handler handler) {
        return handler instanceof RequestBodyGuard;
    }
}
