package org.ucsgateway.ingress;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outermost handler of the HTTP listener. It rejects a body over {@code ucs.input.max-body-bytes}
 * with 413: from its Content-Length before reading any of it, and for a chunked body as soon as
 * the bytes read pass the limit. Every other body is read completely, without holding a thread
 * while the client is slow, before the routes see the request; a body that arrives slower than
 * {@code ucs.http.min-request-data-rate} gets 408. A body that is cut off or times
 * out therefore never reaches a route, so nothing partial is ever published. Multipart bodies get
 * 415 here, before the servlet layer would parse them.
 */
final class RequestBodyGuard extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBodyGuard.class);

    /**
     * Request attribute with the buffered body as a byte array, so a route step can parse
     * it without reading and copying it again through the servlet input stream.
     */
    static final String BODY_ATTRIBUTE = "org.ucsgateway.ingress.body";

    /** Time a body may take before the minimum data rate applies, so slow starts are not cut off. */
    private static final long RATE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final int maxBodyBytes;
    private final long minBytesPerSecond;

    /**
     * @param maxBodyBytes      largest body accepted
     * @param minBytesPerSecond fewest body bytes per second a client must send after a grace of 2 s;
     *                          0 turns the check off
     */
    RequestBodyGuard(Handler handler, int maxBodyBytes, long minBytesPerSecond) {
        super(handler);
        this.maxBodyBytes = maxBodyBytes;
        this.minBytesPerSecond = minBytesPerSecond;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            // The servlet layer would parse a multipart body before any route could reject it.
            LOG.info("Request rejected: multipart body path={}", request.getHttpURI().getPath());
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            Response.writeError(request, response, callback, 415,
                    "Unsupported Content-Type 'multipart': send the body as application/json");
            return true;
        }
        long length = request.getLength();
        boolean hasBody = length > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (!hasBody) {
            return handleNext(request, response, callback);
        }
        if (length > maxBodyBytes) {
            rejectTooLarge(request, response, callback, "Content-Length " + length);
            return true;
        }
        new BodyReader(request, response, callback).run();
        return true;
    }

    private boolean handleNext(Request request, Response response, Callback callback) throws Exception {
        return super.handle(request, response, callback);
    }

    private void rejectTooLarge(Request request, Response response, Callback callback, String size) {
        LOG.info("Request rejected: body too large size={} maxBodyBytes={} path={}", size, maxBodyBytes,
                request.getHttpURI().getPath());
        // The rest of the body is never read, so the connection cannot carry another request.
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        Response.writeError(request, response, callback, 413,
                "the request body is larger than the limit of " + maxBodyBytes + " bytes");
    }

    /** Reads the body chunk by chunk as the client sends it, then hands the buffered request on. */
    private final class BodyReader implements Runnable {

        private final Request request;
        private final Response response;
        private final Callback callback;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final long start = System.nanoTime();

        BodyReader(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    if (tooSlow()) {
                        failed(new TimeoutException("body arrived at less than " + minBytesPerSecond
                                + " bytes per second"));
                        return;
                    }
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    failed(chunk.getFailure());
                    return;
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                if (body.size() + bytes.remaining() > maxBodyBytes) {
                    chunk.release();
                    rejectTooLarge(request, response, callback, "more than " + maxBodyBytes + " bytes, chunked");
                    return;
                }
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                body.write(copy, 0, copy.length);
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    forward();
                    return;
                }
            }
        }

        /**
         * Returns whether the body arrives slower than the minimum data rate. A client that sends
         * nothing at all is left to the connector's idle timeout, because no read runs then.
         */
        private boolean tooSlow() {
            long elapsed = System.nanoTime() - start;
            if (minBytesPerSecond <= 0 || elapsed <= RATE_GRACE_NANOS) {
                return false;
            }
            return body.size() * 1_000_000_000.0 / elapsed < minBytesPerSecond;
        }

        private void failed(Throwable failure) {
            boolean timeout = failure instanceof TimeoutException;
            if (!timeout && JsonErrorHandler.stopping(request)) {
                // Jetty closed the connection while it stops, so the request was cut off, not invalid.
                // NOTE: no test forces this race, and whether Jetty then reports the server or only the
                // connector as stopping is not verified, so both are checked.
                LOG.info("Request body cut off while the gateway stops path={} bytesRead={} error={}",
                        request.getHttpURI().getPath(), body.size(), String.valueOf(failure));
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                Response.writeError(request, response, callback, 503, DrainingGuard.SHUTTING_DOWN);
                return;
            }
            LOG.info("Request body not received completely path={} bytesRead={} timeout={} error={}",
                    request.getHttpURI().getPath(), body.size(), timeout, String.valueOf(failure));
            Response.writeError(request, response, callback, timeout ? 408 : 400, timeout
                    ? "the request body did not arrive in time"
                    : "the request body ended before its declared length");
        }

        private void forward() {
            BufferedRequest buffered = new BufferedRequest(request, body.toByteArray());
            try {
                if (!handleNext(buffered, response, callback)) {
                    Response.writeError(request, response, callback, 404);
                }
            } catch (Throwable e) {
                LOG.error("Request failed in the HTTP handlers path={}", request.getHttpURI().getPath(), e);
                Response.writeError(request, response, callback, 500);
            }
        }
    }

    /** A request whose body was read completely and is served from memory. */
    private static final class BufferedRequest extends Request.Wrapper {

        private Content.Chunk content;

        BufferedRequest(Request request, byte[] body) {
            super(request);
            this.content = Content.Chunk.from(ByteBuffer.wrap(body), true);
            setAttribute(BODY_ATTRIBUTE, body);
        }

        @Override
        public long getLength() {
            return content == Content.Chunk.EOF ? 0 : content.remaining();
        }

        @Override
        public synchronized Content.Chunk read() {
            Content.Chunk next = content;
            content = Content.Chunk.EOF;
            return next;
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }

        @Override
        public boolean consumeAvailable() {
            content = Content.Chunk.EOF;
            return true;
        }
    }
}
