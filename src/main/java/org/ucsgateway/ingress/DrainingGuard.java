package org.ucsgateway.ingress;

import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outermost Jetty handler of the HTTP listener, installed through camel-jetty's {@code handlers}
 * option. Once the gateway begins to shut down, it responds to every new request with 503,
 * statusCode 4, {@code Retry-After} and {@code Connection: close}, while requests already inside
 * the routes complete. Without it, requests arriving after Camel removed a route's consumer and
 * before Jetty stopped would get Jetty's HTML 404 page.
 */
public final class DrainingGuard extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(DrainingGuard.class);
    /** Reason given to every request that the gateway's shutdown turns away or cuts off. */
    static final String SHUTTING_DOWN = "the gateway is shutting down; retry later with the same callId";
    private static final String BODY = "{\"statusCode\":" + StatusCode.INTERNAL_ERROR
            + ",\"statusMessage\":\"Internal error: " + SHUTTING_DOWN + "\"}";

    private volatile boolean draining;

    /** Makes every later request get 503; called once when the gateway begins to shut down. */
    public void startDraining() {
        draining = true;
        LOG.info("HTTP listener draining: new requests get 503");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!draining) {
            return super.handle(request, response, callback);
        }
        response.setStatus(503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, BufferUtil.toBuffer(BODY, StandardCharsets.UTF_8), callback);
        return true;
    }
}
