package org.ucsgateway.operations;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.logging.LogFormat;

/**
 * Checks the values of the gateway configuration: numbers, switches and the relation of the
 * Kafka timeouts. The validate command reports the problems, and the gateway rejects a start
 * with any of them before it creates anything.
 */
public final class ConfigValidator {

    static final String SOURCE = "application.properties";

    private static final List<String> INTEGER_KEYS = List.of(GatewayConfig.HTTP_PORT,
            GatewayConfig.RETRY_AFTER_SECONDS, GatewayConfig.EMBEDDED_KAFKA_PORT, GatewayConfig.TOPIC_PARTITIONS,
            GatewayConfig.PUBLISH_TIMEOUT_MS, GatewayConfig.REQUEST_TIMEOUT_MS, GatewayConfig.JDBC_POOL_SIZE,
            GatewayConfig.ADAPTER_CONSUMERS, GatewayConfig.ADAPTER_BATCH_MAX_RECORDS, GatewayConfig.ADAPTER_BATCH_WAIT_MS);
    /**
     * Accepted ranges of integer keys. The batch size is bounded because camel-kafka allocates
     * each adapter consumer's batch queue at that size when the consumer starts, and a consumer
     * that cannot allocate it stops without processing anything.
     */
    private static final Map<String, Range> RANGES = new TreeMap<>(Map.of(
            GatewayConfig.TOPIC_PARTITIONS, new Range(1, Long.MAX_VALUE),
            GatewayConfig.JDBC_POOL_SIZE, new Range(1, Long.MAX_VALUE),
            GatewayConfig.ADAPTER_CONSUMERS, new Range(1, Long.MAX_VALUE),
            GatewayConfig.ADAPTER_BATCH_MAX_RECORDS, new Range(1, 10_000),
            GatewayConfig.ADAPTER_BATCH_WAIT_MS, new Range(1, 10_000)));
    private static final List<String> BOOLEAN_KEYS = List.of(GatewayConfig.CREATE_TOPICS,
            GatewayConfig.ADAPTER_ENABLED, GatewayConfig.CSRF_ENABLED);

    private ConfigValidator() {
    }

    /** Smallest and largest accepted value of an integer key. */
    private record Range(long minimum, long maximum) {
    }

    /** Returns the problems of the configuration; the line is that of the key in application.properties. */
    public static List<ValidationProblem> validate(GatewayConfig config) {
        List<ValidationProblem> problems = new ArrayList<>();
        check(config, (key, message) -> problems.add(problem(key, message)));
        return problems;
    }

    /** Returns the keys whose values {@link #validate} reports. */
    public static Set<String> invalidKeys(GatewayConfig config) {
        Set<String> keys = new TreeSet<>();
        check(config, (key, message) -> keys.add(key));
        return keys;
    }

    /** Checks the configuration and passes each problem's key and message to {@code problems}. */
    private static void check(GatewayConfig config, BiConsumer<String, String> problems) {
        boolean[] found = {false};
        BiConsumer<String, String> report = (key, message) -> {
            found[0] = true;
            problems.accept(key, message);
        };
        for (String key : INTEGER_KEYS) {
            try {
                config.getLong(key);
            } catch (IllegalArgumentException e) {
                report.accept(key, e.getMessage());
            }
        }
        RANGES.forEach((key, range) -> {
            long value;
            try {
                value = config.getLong(key);
            } catch (IllegalArgumentException e) {
                // The integer check above already reported this value.
                return;
            }
            if (value < range.minimum()) {
                report.accept(key, "Configuration key " + key + " must be at least " + range.minimum() + ", not '"
                        + config.get(key) + "'");
            } else if (value > range.maximum()) {
                report.accept(key, "Configuration key " + key + " must be at most " + range.maximum() + ", not '"
                        + config.get(key) + "'");
            }
        });
        for (String key : BOOLEAN_KEYS) {
            String value = config.get(key);
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                report.accept(key, "Configuration key " + key + " must be true or false, not '" + value + "'");
            }
        }
        try {
            RouteReload.enabled(config, false);
        } catch (IllegalArgumentException e) {
            report.accept(GatewayConfig.ROUTES_RELOAD, e.getMessage());
        }
        try {
            LogFormat.parse(config.get(GatewayConfig.LOG_FORMAT));
        } catch (IllegalArgumentException e) {
            report.accept(GatewayConfig.LOG_FORMAT, e.getMessage());
        }
        if (!found[0] && config.getLong(GatewayConfig.REQUEST_TIMEOUT_MS)
                >= config.getLong(GatewayConfig.PUBLISH_TIMEOUT_MS)) {
            report.accept(GatewayConfig.REQUEST_TIMEOUT_MS, "Configuration key "
                    + GatewayConfig.REQUEST_TIMEOUT_MS + " must be lower than " + GatewayConfig.PUBLISH_TIMEOUT_MS);
        }
    }

    private static ValidationProblem problem(String key, String message) {
        return new ValidationProblem(SOURCE, lineOf(key), message + " (set in " + SOURCE + " or in the environment variable "
                + GatewayConfig.environmentName(key) + ")");
    }

    /** Returns the line of the key in the packaged application.properties, or 0. */
    static int lineOf(String key) {
        try (InputStream in = ConfigValidator.class.getClassLoader().getResourceAsStream(SOURCE)) {
            if (in == null) {
                return 0;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String trimmed = line.trim();
                if (trimmed.startsWith(key) && trimmed.substring(key.length()).trim().startsWith("=")) {
                    return number;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }
}
