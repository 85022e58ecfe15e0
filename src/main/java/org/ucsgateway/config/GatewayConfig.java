package org.ucsgateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Gateway settings. Every key is defined, with its default and a comment, in
 * {@code application.properties}. A key such as {@code ucs.http.port} is taken, first match
 * wins, from the overrides given to {@link #load(Map)}, from the environment variable named by
 * upper-casing the key and replacing '.' and '-' with '_' ({@code UCS_HTTP_PORT}), from the
 * system property of the same name, and last from {@code application.properties}.
 */
public final class GatewayConfig {

    public static final String HTTP_HOST = "ucs.http.host";
    public static final String HTTP_PORT = "ucs.http.port";
    /** Scheme of the listener, http or https, derived from {@link #TLS_KEYSTORE}; not a key of the file. */
    public static final String HTTP_SCHEME = "ucs.http.scheme";
    public static final String TLS_KEYSTORE = "ucs.http.tls.keystore";
    public static final String TLS_KEYSTORE_PASSWORD = "ucs.http.tls.keystore-password";
    public static final String TLS_KEYSTORE_TYPE = "ucs.http.tls.keystore-type";
    public static final String TLS_KEY_PASSWORD = "ucs.http.tls.key-password";
    public static final String DATA_DIR = "ucs.data.dir";
    public static final String JDBC_URL = "ucs.jdbc.url";
    public static final String JDBC_USER = "ucs.jdbc.user";
    public static final String JDBC_PASSWORD = "ucs.jdbc.password";
    public static final String JDBC_SCHEMA = "ucs.jdbc.schema";
    public static final String JDBC_POOL_SIZE = "ucs.jdbc.pool-size";
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String EMBEDDED_KAFKA_PORT = "ucs.embedded-kafka.port";
    public static final String REQUEST_TOPIC = "ucs.kafka.request-topic";
    public static final String RESPONSE_TOPIC = "ucs.kafka.response-topic";
    public static final String DEAD_LETTER_TOPIC = "ucs.kafka.dead-letter-topic";
    public static final String TOPIC_PARTITIONS = "ucs.kafka.topic-partitions";
    public static final String CREATE_TOPICS = "ucs.kafka.create-topics";
    public static final String ADAPTER_GROUP_ID = "ucs.kafka.adapter-group-id";
    public static final String ADAPTER_CONSUMERS = "ucs.kafka.adapter-consumers";
    public static final String ADAPTER_ENABLED = "ucs.adapter.enabled";
    public static final String ADAPTER_BATCH_MAX_RECORDS = "ucs.adapter.batch-max-records";
    public static final String ADAPTER_BATCH_WAIT_MS = "ucs.adapter.batch-wait-ms";
    public static final String NOTIFICATION_GROUP_ID = "ucs.kafka.notification-group-id";
    public static final String PUBLISH_TIMEOUT_MS = "ucs.kafka.publish-timeout-ms";
    public static final String RETRY_AFTER_SECONDS = "ucs.http.retry-after-seconds";
    public static final String NOTIFICATION_CHANNEL = "ucs.notification.channel";
    public static final String NOTIFICATION_MAX_QUEUE = "ucs.notification.max-queue";
    public static final String USERS_FILE = "ucs.security.users-file";
    public static final String CSRF_ENABLED = "ucs.security.csrf.enabled";
    public static final String CSRF_SECRET = "ucs.security.csrf.secret";
    public static final String LOGIN_THROTTLE_USER_FAILURES = "ucs.security.login-throttle.user-failures";
    public static final String LOGIN_THROTTLE_ADDRESS_FAILURES = "ucs.security.login-throttle.address-failures";
    public static final String LOGIN_THROTTLE_WINDOW_SECONDS = "ucs.security.login-throttle.window-seconds";
    public static final String ROUTES_DIR = "ucs.routes.dir";
    public static final String ROUTES_RELOAD = "ucs.routes.reload";
    public static final String REQUEST_TIMEOUT_MS = "ucs.kafka.request-timeout-ms";
    public static final String LOG_FORMAT = "ucs.log.format";
    public static final String INSTANCE_ID = "ucs.instance-id";

    private static final String RESOURCE = "application.properties";

    private final Map<String, String> values;

    private GatewayConfig(Map<String, String> values) {
        this.values = values;
    }

    /** Loads {@code application.properties} from the class path and applies the overrides. */
    public static GatewayConfig load(Map<String, String> overrides) {
        Properties defaults = packagedProperties();
        Map<String, String> merged = new TreeMap<>();
        for (String key : defaults.stringPropertyNames()) {
            String value = defaults.getProperty(key);
            if (System.getProperty(key) != null) {
                value = System.getProperty(key);
            }
            if (System.getenv(environmentName(key)) != null) {
                value = System.getenv(environmentName(key));
            }
            merged.put(key, value.trim());
        }
        overrides.forEach((key, value) -> merged.put(key, value.trim()));
        merged.put(HTTP_SCHEME, merged.getOrDefault(TLS_KEYSTORE, "").isBlank() ? "http" : "https");
        return new GatewayConfig(merged);
    }

    /** Returns the packaged {@code application.properties}, without any override. */
    public static GatewayConfig packaged() {
        return new GatewayConfig(trimmed(packagedProperties()));
    }

    private static Map<String, String> trimmed(Properties properties) {
        Map<String, String> values = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            values.put(key, properties.getProperty(key).trim());
        }
        return values;
    }

    private static Properties packagedProperties() {
        Properties defaults = new Properties();
        try (InputStream in = GatewayConfig.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read " + RESOURCE, e);
        }
        return defaults;
    }

    /** Returns the environment variable that overrides the given key. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Configuration key " + key + " is not defined in " + RESOURCE);
        }
        return value;
    }

    public boolean isBlank(String key) {
        return get(key).isBlank();
    }

    public int getInt(String key) {
        String value = get(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Configuration key " + key + " must be an integer, not '" + value + "'", e);
        }
    }

    public long getLong(String key) {
        String value = get(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Configuration key " + key + " must be an integer, not '" + value + "'", e);
        }
    }

    public boolean getBoolean(String key) {
        return Boolean.parseBoolean(get(key));
    }

    public Path getPath(String key) {
        return Path.of(get(key));
    }

    /** Returns a copy with one value replaced, for settings the gateway decides at start. */
    public GatewayConfig with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new GatewayConfig(copy);
    }

    /** Returns every key that starts with the prefix, with the prefix removed. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> result = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                result.put(key.substring(prefix.length()), value);
            }
        });
        return result;
    }

    /** Returns all settings, for handing them to Camel's property placeholders. */
    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }
}
