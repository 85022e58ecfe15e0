package org.ucsgateway.ingress;

import org.ucsgateway.config.GatewayConfig;

/**
 * Limits on request input, from the {@code ucs.input.*} and {@code ucs.http.*} keys of
 * {@code application.properties}. docs/input-rules.md explains each limit and how the limits
 * line up with Kafka's max.request.size and CometD's message size.
 *
 * @param maxBodyBytes           largest request body in bytes; larger bodies get 413
 * @param maxDepth               deepest nesting of objects and arrays, the body object counting 1
 * @param maxKeys                most object members in one body, nested ones included
 * @param maxStringLength        longest string value in UTF-16 code units, unless a parameter has a
 *                               shorter limit of its own
 * @param maxKeyLength           longest object member name in UTF-16 code units
 * @param maxNumberLength        longest number literal in characters
 * @param idleTimeoutMs          milliseconds a connection may stay silent before the server closes it
 * @param minRequestDataRate     fewest bytes per second a client must send a request body at
 */
public record InputLimits(int maxBodyBytes, int maxDepth, int maxKeys, int maxStringLength, int maxKeyLength,
                          int maxNumberLength, long idleTimeoutMs, long minRequestDataRate) {

    public static final String MAX_BODY_BYTES = "ucs.input.max-body-bytes";
    public static final String MAX_DEPTH = "ucs.input.max-depth";
    public static final String MAX_KEYS = "ucs.input.max-keys";
    public static final String MAX_STRING_LENGTH = "ucs.input.max-string-length";
    public static final String MAX_KEY_LENGTH = "ucs.input.max-key-length";
    public static final String MAX_NUMBER_LENGTH = "ucs.input.max-number-length";
    public static final String IDLE_TIMEOUT_MS = "ucs.http.idle-timeout-ms";
    public static final String MIN_REQUEST_DATA_RATE = "ucs.http.min-request-data-rate";

    /**
     * Largest body that still gives a notification a WebSocket client accepts: Jetty's and the
     * Jakarta WebSocket client's default maximum text message is 64 KiB, and a notification can
     * repeat the body's attributes plus about 1 KiB of its own fields.
     */
    static final int BODY_BYTES_CEILING = 60 * 1024;

    public InputLimits {
        requireRange(MAX_BODY_BYTES, maxBodyBytes, 256, BODY_BYTES_CEILING);
        requireRange(MAX_DEPTH, maxDepth, 2, 1000);
        requireRange(MAX_KEYS, maxKeys, 16, 100_000);
        requireRange(MAX_STRING_LENGTH, maxStringLength, 1024, maxBodyBytes);
        requireRange(MAX_KEY_LENGTH, maxKeyLength, 16, maxStringLength);
        requireRange(MAX_NUMBER_LENGTH, maxNumberLength, 20, 1000);
        requireRange(IDLE_TIMEOUT_MS, idleTimeoutMs, 100, 3_600_000);
        requireRange(MIN_REQUEST_DATA_RATE, minRequestDataRate, 0, Integer.MAX_VALUE);
    }

    /** Reads the limits from the gateway configuration. */
    public static InputLimits from(GatewayConfig config) {
        return new InputLimits(config.getInt(MAX_BODY_BYTES), config.getInt(MAX_DEPTH), config.getInt(MAX_KEYS),
                config.getInt(MAX_STRING_LENGTH), config.getInt(MAX_KEY_LENGTH), config.getInt(MAX_NUMBER_LENGTH),
                config.getLong(IDLE_TIMEOUT_MS), config.getLong(MIN_REQUEST_DATA_RATE));
    }

    private static void requireRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("Configuration key " + key + " is " + value
                    + ", expected a value from " + min + " to " + max);
        }
    }
}
