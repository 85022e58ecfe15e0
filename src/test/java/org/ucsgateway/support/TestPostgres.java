package org.ucsgateway.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL server of the test run: the JDBC URL in the environment variable
 * UCS_TEST_POSTGRES_URL when set, otherwise a {@code postgres} container when Docker runs,
 * otherwise none. Each caller gets a schema of its own, dropped when the JVM exits.
 */
public final class TestPostgres {

    /** JDBC URL, user and password of one server. */
    public record Server(String url, String user, String password) {
    }

    private static Optional<Server> server;

    private TestPostgres() {
    }

    public static synchronized Optional<Server> server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    /** Returns a new schema name and registers it to be dropped when the JVM exits. */
    public static String newSchema(Server target) {
        String schema = "ucs_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchema(target, schema)));
        return schema;
    }

    private static Optional<Server> start() {
        String url = System.getenv("UCS_TEST_POSTGRES_URL");
        if (url != null && !url.isBlank()) {
            return Optional.of(new Server(url, envOr("UCS_TEST_POSTGRES_USER", "postgres"),
                    envOr("UCS_TEST_POSTGRES_PASSWORD", "")));
        }
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.empty();
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        return Optional.of(new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword()));
    }

    private static void dropSchema(Server target, String schema) {
        try (Connection connection = DriverManager.getConnection(target.url(), target.user(), target.password());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (Exception e) {
            System.err.println("Test schema " + schema + " could not be dropped: " + e.getMessage());
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
