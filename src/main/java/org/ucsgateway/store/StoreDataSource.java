package org.ucsgateway.store;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connection pool to the contact-history store, migrated by Flyway before first use. */
public final class StoreDataSource {

    private static final Logger LOG = LoggerFactory.getLogger(StoreDataSource.class);

    private StoreDataSource() {
    }

    /**
     * Opens a pool on the JDBC URL and applies the migrations under {@code db/migration}.
     *
     * @param schema schema to create and use, or blank for the database's default schema
     */
    public static HikariDataSource open(String jdbcUrl, String user, String password, String schema, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("ucs-store");
        config.setJdbcUrl(jdbcUrl);
        if (!user.isBlank()) {
            config.setUsername(user);
        }
        if (!password.isBlank()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(5_000);
        if (!schema.isBlank()) {
            migrate(jdbcUrl, user, password, schema);
            config.setSchema(schema);
        }

        HikariDataSource dataSource = new HikariDataSource(config);
        if (schema.isBlank()) {
            migrate(dataSource);
        }
        LOG.info("Store opened url={} schema={} poolSize={}", withoutCredentials(jdbcUrl),
                schema.isBlank() ? "default" : schema, poolSize);
        return dataSource;
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).load().migrate();
    }

    private static void migrate(String jdbcUrl, String user, String password, String schema) {
        Flyway.configure()
                .dataSource(jdbcUrl, user.isBlank() ? null : user, password.isBlank() ? null : password)
                .schemas(schema)
                .load()
                .migrate();
    }

    /** Cuts the query part of a JDBC URL, where drivers accept passwords. */
    static String withoutCredentials(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
