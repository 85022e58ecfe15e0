package org.ucsgateway.logging;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-line key=value summary of configuration settings for start lines in the log. The value of
 * every key whose name contains password, secret or jaas is replaced by {@link #MASK} when set, so
 * the log never shows it.
 */
public final class ConfigSummary {

    public static final String MASK = "******";
    private static final String[] SECRET_MARKERS = {"password", "secret", "jaas"};
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");

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

    /**
     * Returns the settings sorted by key as {@code key=value} pairs separated by spaces, secrets
     * masked, and each {@code {{key}}} in a value replaced by the logged value of that key.
     */
    public static String of(Map<String, String> settings) {
        Map<String, String> logged = new TreeMap<>();
        settings.forEach((key, value) ->
                logged.put(key, isSecret(key) && value != null && !value.isEmpty() ? MASK : value));
        StringJoiner line = new StringJoiner(" ");
        logged.forEach((key, value) -> line.add(key + "=" + resolve(value, logged)));
        return line.toString();
    }

    /** Replaces the placeholders of the settings in a value, and leaves any other placeholder as it is. */
    private static String resolve(String value, Map<String, String> logged) {
        if (value == null || !value.contains("{{")) {
            return value;
        }
        Matcher placeholder = PLACEHOLDER.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            String setting = logged.get(placeholder.group(1));
            String replacement = setting != null ? setting : placeholder.group();
            placeholder.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        placeholder.appendTail(resolved);
        return resolved.toString();
    }
}
