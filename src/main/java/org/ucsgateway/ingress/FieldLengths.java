package org.ucsgateway.ingress;

import java.util.Map;

/**
 * Maximum lengths of string parameters, in UTF-16 code units (a character outside the Basic
 * Multilingual Plane, such as an emoji, counts 2). Parameters stored in a column take the column's
 * size from {@code db/migration/*.sql}; both H2 and PostgreSQL count VARCHAR sizes in characters,
 * so a value within these limits always fits. Other strings are bounded by
 * {@code ucs.input.max-string-length} when the body is parsed.
 */
final class FieldLengths {

    private static final Map<String, Integer> MAX_LENGTHS = Map.ofEntries(
            Map.entry("operationName", 64),
            Map.entry("callId", 255),
            Map.entry("status", 16),
            Map.entry("type", 16),
            Map.entry("phoneNumber", 64),
            Map.entry("contactId", 16),
            Map.entry("parentId", 255),
            Map.entry("threadId", 255),
            Map.entry("subject", 1024),
            Map.entry("contactPath", 255),
            Map.entry("emailAddress", 255),
            Map.entry("lastName", 255),
            Map.entry("mediaType", 16),
            Map.entry("createContactEnabled", 16));

    private FieldLengths() {
    }

    /** Returns the maximum length of a parameter, or -1 when only the body-wide string limit applies. */
    static int maxLength(String parameter) {
        return MAX_LENGTHS.getOrDefault(parameter, -1);
    }

    /** Rejects a value longer than its parameter's maximum length with statusCode 2. */
    static void check(String parameter, String value) {
        int max = maxLength(parameter);
        if (max >= 0 && value.length() > max) {
            throw GatewayException.invalid("Invalid value for parameter '" + parameter + "': it is " + value.length()
                    + " characters long, the maximum is " + max);
        }
    }
}
