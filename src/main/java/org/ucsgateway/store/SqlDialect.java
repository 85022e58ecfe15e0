package org.ucsgateway.store;

import java.sql.Connection;
import java.sql.SQLException;

/** The few statements whose syntax differs between the embedded H2 store and PostgreSQL. */
enum SqlDialect {
    H2, POSTGRESQL;

    static SqlDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return product.toLowerCase(java.util.Locale.ROOT).contains("postgres") ? POSTGRESQL : H2;
    }

    String nextValue(String sequence) {
        return this == POSTGRESQL
                ? "SELECT nextval('" + sequence + "')"
                : "SELECT NEXT VALUE FOR " + sequence;
    }
}
