package org.ucsgateway.ingress;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error responses that Jetty writes itself, before any route runs: malformed HTTP framing, headers
 * that are too large, bodies over the size limit, timeouts. Each is a GWS error body
 * {@code {"statusCode":N,"statusMessage":"..."}} like the routes' error responses, and never carries a
 * stack trace, an exception class or a host name.
 */
public final class JsonErrorHandler extends ErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_REASON_LENGTH = 200;

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        if (code == 500 && stopping(request)) {
            // A request that Jetty cut off while the gateway stops gets the retryable 503 of late requests.
            // NOTE: seen once as an EofException in GracefulShutdownIT, and no test forces this race.
            code = 503;
            message = DrainingGuard.SHUTTING_DOWN;
            response.setStatus(code);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        }
        LOG.info("Request rejected by the HTTP layer httpStatus={} method={} path={} reason={}", code,
                request.getMethod(), request.getHttpURI().getPath(), message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        LOG.info("Request rejected by the HTTP parser httpStatus={} reason={}", status, reason);
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(body(status, reason));
    }

    /** Returns whether the server or the connector of the request is stopping or stopped. */
    static boolean stopping(Request request) {
        Connector connector = request.getConnectionMetaData().getConnector();
        if (connector == null) {
            return false;
        }
        Server server = connector.getServer();
        return connector.isStopping() || connector.isStopped()
                || server != null && (server.isStopping() || server.isStopped());
    }

    /** Returns the GWS error body for an HTTP status and Jetty's reason, which is dropped when it names code. */
    static byte[] body(int httpStatus, String reason) {
        String statusMessage = "HTTP " + httpStatus + " " + HttpStatus.getMessage(httpStatus);
        String detail = safeReason(reason);
        if (detail != null && !detail.equalsIgnoreCase(HttpStatus.getMessage(httpStatus))) {
            statusMessage += ": " + detail;
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("statusCode", statusCode(httpStatus));
        body.put("statusMessage", statusMessage);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    static int statusCode(int httpStatus) {
        if (httpStatus == 404) {
            return StatusCode.NOT_FOUND;
        }
        if (httpStatus == 401) {
            return StatusCode.NOT_AUTHENTICATED;
        }
        if (httpStatus >= 500) {
            return StatusCode.INTERNAL_ERROR;
        }
        return StatusCode.INVALID_PARAMETER;
    }

    private static String safeReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        String text = reason.strip();
        if (text.contains("Exception") || text.contains("org.") || text.contains("java.") || text.contains("\n")
                || text.contains("@")) {
            return null;
        }
        return text.length() > MAX_REASON_LENGTH ? text.substring(0, MAX_REASON_LENGTH) : text;
    }
}
