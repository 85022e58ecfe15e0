package org.ucsgateway.ingress;

/** GWS statusCode values that the gateway returns. */
public final class StatusCode {

    public static final int SUCCESS = 0;
    public static final int MISSING_PARAMETER = 1;
    public static final int INVALID_PARAMETER = 2;
    public static final int FORBIDDEN = 3;
    public static final int INTERNAL_ERROR = 4;
    public static final int NO_PERMISSION = 5;
    public static final int NOT_FOUND = 6;
    public static final int NOT_AUTHENTICATED = 20;

    private StatusCode() {
    }
}
