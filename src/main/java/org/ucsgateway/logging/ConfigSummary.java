package org.ucsgateway.logging;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * One-line key=value summary of configuration settings for start lines in the log. The value of
 * every key whose name contains password, secret or jaas is replaced by {@link #MASK} when set, so
 * the log never shows it.
 */
public final class ConfigSummary {

    public static final String MASK = "******";
    private static final String[] SECRET_MARKERS = {"password", "secret", "jaas"};

    private ConfigSummary() {
    }

    /** Returns whether the value of the key must never be logged. */
    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String marker : SECRET_MARKERS) {
            if (lower.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the settings sorted by key as {@code key=value} pairs separated by spaces, secrets masked. */
    public static String of(Map<String, String> settings) {
        StringJoiner line = new StringJoiner(" ");
        new TreeMap<>(settings).forEach((key, value) -> {
            String logged = isSecret(key) && value != null && !value.isEmpty() ? MASK : value;
            line.add(key + "=" + logged);
        });
        return line.toString();
    }
}
