package org.ucsgateway.ingress;

import java.util.Map;

/**
 * A request the gateway rejects, carrying the GWS statusCode, the HTTP status and the
 * statusMessage of the error body, plus any HTTP headers the response needs.
 */
public class GatewayException extends RuntimeException {

    private final int statusCode;
    private final int httpStatus;
    private final Map<String, String> headers;

    public GatewayException(int statusCode, int httpStatus, String statusMessage) {
        this(statusCode, httpStatus, statusMessage, Map.of());
    }

    public GatewayException(int statusCode, int httpStatus, String statusMessage, Map<String, String> headers) {
        super(statusMessage, null, false, false);
        this.statusCode = statusCode;
        this.httpStatus = httpStatus;
        this.headers = Map.copyOf(headers);
    }

    public static GatewayException missing(String parameter) {
        return new GatewayException(StatusCode.MISSING_PARAMETER, 400,
                "Missing required parameter '" + parameter + "'");
    }

    public static GatewayException invalid(String statusMessage) {
        return new GatewayException(StatusCode.INVALID_PARAMETER, 400, statusMessage);
    }

    public int statusCode() {
        return statusCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
