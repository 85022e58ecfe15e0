package org.ucsgateway.ingress;

import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error responses of the HTTP API, used by the route configuration {@code http-error-policy}. Every
 * error body is exactly {@code {"statusCode":N,"statusMessage":"..."}}, so no stack trace, class
 * name or host reaches the client.
 */
public final class ErrorAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final ObjectMapper mapper = new ObjectMapper();
    private final long retryAfterSeconds;

    public ErrorAnswers(long retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Logs a rejected request and responds with the exception's own statusCode, HTTP status and message. */
    public void rejected(Exchange exchange) throws JsonProcessingException {
        GatewayException error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, GatewayException.class);
        // The message can quote request values, so control characters are masked to keep one event per line.
        LOG.info("Request rejected httpStatus={} statusCode={} method={} path={} statusMessage={}", error.httpStatus(),
                error.statusCode(), exchange.getIn().getHeader(Exchange.HTTP_METHOD),
                exchange.getIn().getHeader(Exchange.HTTP_URI), CONTROL.matcher(error.getMessage()).replaceAll("?"));
        write(exchange, error.httpStatus(), error.statusCode(), error.getMessage(), error.headers());
    }

    /** Responds 503 with statusCode 4 and Retry-After when Kafka did not acknowledge the request record in time. */
    public void kafkaUnavailable(Exchange exchange) throws JsonProcessingException {
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Request record not acknowledged by Kafka referenceId={} error={}",
                exchange.getProperty(IngressProcessor.REFERENCE_ID), String.valueOf(error));
        write(exchange, 503, StatusCode.INTERNAL_ERROR,
                "Internal error: the message broker did not accept the request in time; retry later with the same callId",
                Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    /** Answers 500 with statusCode 4 for an unexpected failure, which is logged with its stack trace. */
    public void internalError(Exchange exchange) throws JsonProcessingException {
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.error("Request failed referenceId={}", exchange.getProperty(IngressProcessor.REFERENCE_ID), error);
        write(exchange, 500, StatusCode.INTERNAL_ERROR, "Internal error: the request could not be processed", Map.of());
    }

    private void write(Exchange exchange, int httpStatus, int statusCode, String statusMessage,
                       Map<String, String> headers) throws JsonProcessingException {
        ObjectNode body = mapper.createObjectNode();
        body.put("statusCode", statusCode);
        body.put("statusMessage", statusMessage);
        HttpAnswers.write(exchange, httpStatus, mapper.writeValueAsString(body), headers);
    }
}
