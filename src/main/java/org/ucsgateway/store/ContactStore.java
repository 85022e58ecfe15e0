package org.ucsgateway.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Contacts of the contact-history store, scoped by contact center. */
public final class ContactStore {

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final ObjectMapper mapper = new ObjectMapper();

    public ContactStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Identifies the contact that matches every attribute of the query. With {@code create} and
     * no match, creates the contact; a request processed twice (same referenceId) creates one.
     */
    public IdentifyResult identify(String contactCenter, ContactQuery query, boolean create, long referenceId)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String createdBefore = findCreatedBy(connection, contactCenter, referenceId);
            if (createdBefore != null) {
                return new IdentifyResult(createdBefore, 0, true);
            }

            List<String> matches = findMatches(connection, contactCenter, query);
            if (matches.size() == 1) {
                return new IdentifyResult(matches.get(0), 1, false);
            }
            if (!matches.isEmpty() || !create) {
                return new IdentifyResult(null, matches.size(), false);
            }

            String id = IdGenerator.newId();
            try {
                insert(connection, contactCenter, id, query, referenceId);
                return new IdentifyResult(id, 0, true);
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                return new IdentifyResult(findCreatedBy(connection, contactCenter, referenceId), 0, true);
            }
        }
    }

    /** Returns whether the contact exists in the contact center. */
    public boolean exists(String contactCenter, String contactId) throws SQLException {
        String sql = "SELECT 1 FROM contact WHERE contact_center = ? AND id = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, contactCenter);
            statement.setString(2, contactId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private String findCreatedBy(Connection connection, String contactCenter, long referenceId) throws SQLException {
        String sql = "SELECT id FROM contact WHERE contact_center = ? AND created_by_reference_id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, contactCenter);
            statement.setLong(2, referenceId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /** Selects on the column attributes in SQL and compares the userData attributes in Java. */
    private List<String> findMatches(Connection connection, String contactCenter, ContactQuery query)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, attributes FROM contact WHERE contact_center = ?");
        List<String> values = new ArrayList<>();
        values.add(contactCenter);
        appendCondition(sql, values, "phone_number", query.phoneNumber());
        appendCondition(sql, values, "email_address", query.emailAddress());
        appendCondition(sql, values, "last_name", query.lastName());
        sql.append(" ORDER BY id");

        List<String> matches = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                statement.setString(i + 1, values.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (attributesMatch(rows.getString("attributes"), query.attributes())) {
                        matches.add(rows.getString("id"));
                    }
                }
            }
        }
        return matches;
    }

    private static void appendCondition(StringBuilder sql, List<String> values, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            values.add(value);
        }
    }

    private boolean attributesMatch(String storedJson, Map<String, String> expected) throws SQLException {
        if (expected.isEmpty()) {
            return true;
        }
        try {
            Map<String, Object> stored = mapper.readValue(storedJson, new TypeReference<>() { });
            return expected.entrySet().stream()
                    .allMatch(entry -> entry.getValue().equals(String.valueOf(stored.get(entry.getKey()))));
        } catch (IOException e) {
            throw new SQLException("Contact attributes are not a JSON object: " + e.getMessage(), e);
        }
    }

    private void insert(Connection connection, String contactCenter, String id, ContactQuery query, long referenceId)
            throws SQLException {
        String sql = "INSERT INTO contact (contact_center, id, phone_number, email_address, last_name, attributes,"
                + " created_at, created_by_reference_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, contactCenter);
            statement.setString(2, id);
            setNullable(statement, 3, query.phoneNumber());
            setNullable(statement, 4, query.emailAddress());
            setNullable(statement, 5, query.lastName());
            statement.setString(6, mapper.writeValueAsString(query.attributes()));
            statement.setObject(7, OffsetDateTime.now(ZoneOffset.UTC));
            statement.setLong(8, referenceId);
            statement.executeUpdate();
        } catch (IOException e) {
            throw new SQLException("Contact attributes cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
