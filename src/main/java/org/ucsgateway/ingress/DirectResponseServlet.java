package org.ucsgateway.ingress;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.jetty.CamelContinuationServlet;
import org.apache.camel.component.jetty.JettyHttpConstants;
import org.apache.camel.component.jetty.JettyHttpEndpoint;
import org.apache.camel.http.common.HttpConstants;
import org.apache.camel.http.common.HttpConsumer;
import org.apache.camel.http.common.HttpMessage;
import org.apache.camel.util.UnsafeUriCharactersEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * camel-jetty's servlet with one change: the thread that completes a route writes the response.
 * {@link CamelContinuationServlet} suspends the request, and when the route completes on another
 * thread (camel-kafka's worker pool, once Kafka acknowledged the request record), it dispatches the
 * request back to Jetty, which runs the filter chain, the servlet and the route lookup a second
 * time only to write the response. That second pass took about 14% of the JFR execution samples
 * of Jetty's threads at full load. Here the completing thread writes the response through the
 * route's HTTP binding and completes the request, as the second pass would.
 *
 * <p>OPTIONS and TRACE requests run the route like any other method, so the route's method check
 * rejects them with status 405, an Allow header and a GWS error body. camel-jetty would respond
 * to OPTIONS itself with 200 and an Allow header that lists every method, and to TRACE with an
 * empty 405. Requests whose response this servlet does not write itself go to
 * {@link CamelContinuationServlet} unchanged: a path without a route, endpoints with
 * httpMethodRestrict or without continuations, Java serialized bodies, suspended routes and
 * dispatches other than the first. The continuation timeout is the endpoint's or component's {@code continuationTimeout},
 * else Jetty's 30 s; a request whose route has not completed by then gets status 504 with a GWS
 * error body, and the route's late completion only ends its exchange.
 */
final class DirectResponseServlet extends CamelContinuationServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DirectResponseServlet.class);

    @Override
    protected void doService(HttpServletRequest request, HttpServletResponse response) {
        HttpConsumer consumer = getServletResolveConsumerStrategy().resolve(request, getConsumers());
        if (!respondsItself(request, consumer)) {
            super.doService(request, response);
            return;
        }
        try {
            start(request, response, consumer);
        } catch (Exception e) {
            LOG.warn("Request failed before its route ran path={}", request.getRequestURI(), e);
            if (!response.isCommitted()) {
                sendError(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            }
            if (request.isAsyncStarted()) {
                request.getAsyncContext().complete();
            }
        }
    }

    /** Returns whether the request takes the common path this servlet handles itself. */
    static boolean respondsItself(HttpServletRequest request, HttpConsumer consumer) {
        if (consumer == null || request.getDispatcherType() != DispatcherType.REQUEST || consumer.isSuspended()
                || !(consumer.getEndpoint() instanceof JettyHttpEndpoint endpoint)) {
            return false;
        }
        if (endpoint.getHttpMethodRestrict() != null) {
            return false;
        }
        if (HttpConstants.CONTENT_TYPE_JAVA_SERIALIZED_OBJECT.equals(request.getContentType())) {
            return false;
        }
        Boolean useContinuation = endpoint.getUseContinuation();
        return useContinuation != null ? useContinuation : endpoint.getComponent().isUseContinuation();
    }

    private void start(HttpServletRequest request, HttpServletResponse response, HttpConsumer consumer)
            throws Exception {
        JettyHttpEndpoint endpoint = (JettyHttpEndpoint) consumer.getEndpoint();
        AsyncContext async = request.startAsync();
        Long timeout = endpoint.getContinuationTimeout() != null
                ? endpoint.getContinuationTimeout() : endpoint.getComponent().getContinuationTimeout();
        if (timeout != null) {
            async.setTimeout(timeout);
        }

        Exchange exchange = consumer.createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        if (endpoint.isBridgeEndpoint()) {
            exchange.setProperty(Exchange.SKIP_GZIP_ENCODING, Boolean.TRUE);
            exchange.setProperty(Exchange.SKIP_WWW_FORM_URLENCODED, Boolean.TRUE);
        }
        if (endpoint.isDisableStreamCache()) {
            exchange.setProperty(Exchange.DISABLE_HTTP_STREAM_CACHE, Boolean.TRUE);
        }
        String charset = request.getCharacterEncoding();
        if (charset != null) {
            exchange.setProperty(ExchangePropertyKey.CHARSET_NAME, charset);
        }
        HttpServletRequest routeRequest = request.getQueryString() == null ? new WithoutParameters(request) : request;
        if (exchange.getIn() instanceof HttpMessage message) {
            message.init(exchange, endpoint, routeRequest, response);
        } else {
            exchange.setIn(new HttpMessage(exchange, endpoint, routeRequest, response));
        }
        String contextPath = endpoint.getPath();
        exchange.getIn().setHeader(JettyHttpConstants.SERVLET_CONTEXT_PATH, contextPath);
        stripContextPath(exchange, contextPath);

        if (exchange.getUnitOfWork() == null) {
            consumer.createUoW(exchange);
        }
        ResponseCompletion completion = new ResponseCompletion(consumer, exchange, async, response, timeout);
        async.addListener(completion);

        ClassLoader previous = overrideTccl(exchange);
        try {
            consumer.getAsyncProcessor().process(exchange, completion);
        } finally {
            restoreTccl(exchange, previous);
        }
    }

    /** Leaves in CamelHttpPath only the part of the path after the route's path, as camel-jetty does. */
    private static void stripContextPath(Exchange exchange, String contextPath) {
        String httpPath = exchange.getIn().getHeader(JettyHttpConstants.HTTP_PATH, String.class);
        if (contextPath == null || httpPath == null) {
            return;
        }
        // CamelHttpPath is not decoded yet, so the route's path is compared encoded.
        String encoded = UnsafeUriCharactersEncoder.encodeHttpURI(contextPath);
        if (httpPath.startsWith(encoded)) {
            exchange.getIn().setHeader(JettyHttpConstants.HTTP_PATH, httpPath.substring(encoded.length()));
        }
    }

    /**
     * Request without a query string, which camel-jetty sees without parameters. The routes take JSON bodies
     * only, and listing parameters would make Jetty look for form fields in the body (2.5% of JFR samples).
     */
    static final class WithoutParameters extends HttpServletRequestWrapper {

        WithoutParameters(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getParameter(String name) {
            return null;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Map.of();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public String[] getParameterValues(String name) {
            return null;
        }
    }

    /**
     * End of one request. The route's completion or the timeout, whichever comes first, writes the
     * response and completes the request. The later of the two only ends the exchange.
     */
    private static final class ResponseCompletion implements AsyncCallback, AsyncListener {

        private final HttpConsumer consumer;
        private final Exchange exchange;
        private final AsyncContext async;
        private final HttpServletResponse response;
        private final Long timeout;
        private final AtomicBoolean ended = new AtomicBoolean();

        ResponseCompletion(HttpConsumer consumer, Exchange exchange, AsyncContext async, HttpServletResponse response,
               Long timeout) {
            this.consumer = consumer;
            this.exchange = exchange;
            this.async = async;
            this.response = response;
            this.timeout = timeout;
        }

        @Override
        public void done(boolean doneSync) {
            if (!ended.compareAndSet(false, true)) {
                LOG.warn("Route completed after its request ended exchangeId={}", exchange.getExchangeId());
                release();
                return;
            }
            try {
                Integer bufferSize = consumer.getEndpoint().getResponseBufferSize();
                if (bufferSize != null) {
                    response.setBufferSize(bufferSize);
                }
                // NOTE: a blocking write on the completing thread. A GWS response is far smaller than
                // a socket's send buffer, so it waits only for a client that stopped reading earlier
                // responses on the same connection, at most for the idle timeout.
                consumer.getBinding().writeResponse(exchange, response);
            } catch (IOException e) {
                // The client closed the connection, so nobody reads the response.
                LOG.info("Response not written exchangeId={} error={}", exchange.getExchangeId(), e.toString());
            } catch (RuntimeException e) {
                LOG.error("Response not written exchangeId={}", exchange.getExchangeId(), e);
                if (!response.isCommitted()) {
                    sendError(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                }
            } finally {
                try {
                    release();
                } finally {
                    async.complete();
                }
            }
        }

        /** Ends the exchange's unit of work, which also removes it from the in-flight exchanges. */
        private void release() {
            try {
                consumer.doneUoW(exchange);
            } finally {
                consumer.releaseExchange(exchange, false);
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            LOG.warn("Request timed out before its route completed exchangeId={} timeoutMs={}",
                    exchange.getExchangeId(), timeout == null ? "Jetty's default" : timeout);
            try {
                if (!response.isCommitted()) {
                    response.reset();
                    response.setStatus(HttpServletResponse.SC_GATEWAY_TIMEOUT);
                    response.setContentType("application/json");
                    byte[] body = JsonErrorHandler.body(HttpServletResponse.SC_GATEWAY_TIMEOUT,
                            "no response within the continuation timeout");
                    response.setContentLength(body.length);
                    response.getOutputStream().write(body);
                }
            } finally {
                async.complete();
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            // done() or onTimeout() already released the exchange.
        }

        @Override
        public void onError(AsyncEvent event) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            LOG.info("Request failed while its route ran exchangeId={} error={}", exchange.getExchangeId(),
                    String.valueOf(event.getThrowable()));
            async.complete();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Not restarted.
        }
    }
}
