package org.ucsgateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Phone-call interactions of the contact-history store, scoped by contact center. */
public final class InteractionStore {

    private static final Logger LOG = LoggerFactory.getLogger(InteractionStore.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String MEDIA_TYPE_VOICE = "voice";

    private final DataSource dataSource;

    public InteractionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Finds the interaction of the call, or creates it. Concurrent calls with the same callId in
     * the same contact center return the same interaction, and exactly one of them creates it.
     * The contact is {@code call.contactId()} when given, otherwise the contact whose phone
     * number matches, when exactly one does.
     */
    public FindResult findOrCreatePhoneCall(String contactCenter, PhoneCall call, long referenceId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Optional<FindResult> existing = findByCallId(connection, contactCenter, call.callId(), referenceId);
            if (existing.isPresent()) {
                return existing.get();
            }

            String contactId = call.contactId() != null
                    ? call.contactId()
                    : matchContactByPhoneNumber(connection, contactCenter, call.phoneNumber());
            String interactionId = IdGenerator.newId();
            try {
                insert(connection, contactCenter, call, contactId, interactionId, referenceId);
                LOG.debug("Interaction created interactionId={} callId={} contactCenter={} referenceId={}",
                        interactionId, call.callId(), contactCenter, referenceId);
                return new FindResult(interactionId, true);
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                return findByCallId(connection, contactCenter, call.callId(), referenceId)
                        .orElseThrow(() -> new SQLException("Interaction of callId " + call.callId()
                                + " violated the unique constraint but cannot be read", e));
            }
        }
    }

    private static String isoDate(OffsetDateTime date) {
        return date == null ? null
                : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(date.withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** Returns the interaction as a map of its columns, or empty when the contact center has no such id. */
    public Optional<Map<String, Object>> findById(String contactCenter, String interactionId) throws SQLException {
        String sql = "SELECT id, call_id, media_type, type, status, phone_number, contact_id, parent_id, thread_id,"
                + " subject, user_data, start_date, end_date, call_duration, note"
                + " FROM interaction WHERE contact_center = ? AND id = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, contactCenter);
            statement.setString(2, interactionId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Map<String, Object> interaction = new LinkedHashMap<>();
                interaction.put("id", rows.getString("id"));
                interaction.put("callId", rows.getString("call_id"));
                interaction.put("mediaType", rows.getString("media_type"));
                interaction.put("type", rows.getString("type"));
                interaction.put("status", rows.getString("status"));
                interaction.put("phoneNumber", rows.getString("phone_number"));
                interaction.put("contactId", rows.getString("contact_id"));
                interaction.put("parentId", rows.getString("parent_id"));
                interaction.put("threadId", rows.getString("thread_id"));
                interaction.put("subject", rows.getString("subject"));
                interaction.put("userData", rows.getString("user_data"));
                interaction.put("startDate", isoDate(rows.getObject("start_date", OffsetDateTime.class)));
                interaction.put("endDate", isoDate(rows.getObject("end_date", OffsetDateTime.class)));
                interaction.put("callDuration", rows.getObject("call_duration"));
                interaction.put("note", rows.getString("note"));
                return Optional.of(interaction);
            }
        }
    }

    /**
     * Stores a note on the interaction, replacing an earlier one.
     *
     * @return false when the contact center has no such interaction
     */
    public boolean setNote(String contactCenter, String interactionId, String note) throws SQLException {
        return update("UPDATE interaction SET note = ? WHERE contact_center = ? AND id = ?",
                note, contactCenter, interactionId) > 0;
    }

    /**
     * Associates the contact with the interaction.
     *
     * @return false when the contact center has no such interaction
     */
    public boolean setContact(String contactCenter, String interactionId, String contactId) throws SQLException {
        return update("UPDATE interaction SET contact_id = ? WHERE contact_center = ? AND id = ?",
                contactId, contactCenter, interactionId) > 0;
    }

    /**
     * Marks the call completed: status Stopped, the call duration, the end date (kept from the first
     * completion when the same completion is processed twice), and the given user data merged
     * into the stored user data, key by key.
     *
     * @param userDataMerge JSON object whose keys replace or add to the stored user data
     * @return false when the contact center has no such interaction
     */
    public boolean complete(String contactCenter, String interactionId, int callDurationSeconds, String userDataMerge)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                String current;
                String select = "SELECT user_data FROM interaction WHERE contact_center = ? AND id = ? FOR UPDATE";
                try (PreparedStatement statement = connection.prepareStatement(select)) {
                    statement.setString(1, contactCenter);
                    statement.setString(2, interactionId);
                    try (ResultSet rows = statement.executeQuery()) {
                        if (!rows.next()) {
                            connection.rollback();
                            return false;
                        }
                        current = rows.getString(1);
                    }
                }

                String sql = "UPDATE interaction SET status = 'Stopped', call_duration = ?, user_data = ?,"
                        + " end_date = COALESCE(end_date, ?) WHERE contact_center = ? AND id = ?";
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setInt(1, callDurationSeconds);
                    statement.setString(2, JsonMerge.merge(current, userDataMerge));
                    statement.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                    statement.setString(4, contactCenter);
                    statement.setString(5, interactionId);
                    statement.executeUpdate();
                }
                connection.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Stores a contact; used to seed contacts that FindPhoneCall matches by phone number. */
    public String createContact(String contactCenter, String phoneNumber, String emailAddress, String lastName) throws SQLException {
        String id = IdGenerator.newId();
        String sql = "INSERT INTO contact (contact_center, id, phone_number, email_address, last_name, attributes, created_at)"
                + " VALUES (?, ?, ?, ?, ?, '{}', ?)";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, contactCenter);
            statement.setString(2, id);
            statement.setString(3, phoneNumber);
            statement.setString(4, emailAddress);
            statement.setString(5, lastName);
            statement.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
            statement.executeUpdate();
        }
        return id;
    }

    private int update(String sql, String... values) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            return statement.executeUpdate();
        }
    }

    private Optional<FindResult> findByCallId(Connection connection, String contactCenter, String callId,
                                              long referenceId) throws SQLException {
        String sql = "SELECT id, created_by_reference_id FROM interaction WHERE contact_center = ? AND call_id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, contactCenter);
            statement.setString(2, callId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                boolean createdByThisRequest = rows.getLong("created_by_reference_id") == referenceId;
                return Optional.of(new FindResult(rows.getString("id"), createdByThisRequest));
            }
        }
    }

    private String matchContactByPhoneNumber(Connection connection, String contactCenter, String phoneNumber)
            throws SQLException {
        String sql = "SELECT id FROM contact WHERE contact_center = ? AND phone_number = ? FETCH FIRST 2 ROWS ONLY";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, contactCenter);
            statement.setString(2, phoneNumber);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                String first = rows.getString(1);
                return rows.next() ? null : first;
            }
        }
    }

    private void insert(Connection connection, String contactCenter, PhoneCall call, String contactId,
                        String interactionId, long referenceId) throws SQLException {
        String sql = "INSERT INTO interaction (id, contact_center, call_id, media_type, type, status, phone_number,"
                + " contact_id, parent_id, thread_id, subject, user_data, start_date, created_by_reference_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, interactionId);
            statement.setString(2, contactCenter);
            statement.setString(3, call.callId());
            statement.setString(4, MEDIA_TYPE_VOICE);
            statement.setString(5, call.type());
            statement.setString(6, call.status());
            statement.setString(7, call.phoneNumber());
            setNullable(statement, 8, contactId);
            setNullable(statement, 9, call.parentId());
            setNullable(statement, 10, call.threadId());
            setNullable(statement, 11, call.subject());
            statement.setString(12, call.userData());
            statement.setObject(13, OffsetDateTime.now(ZoneOffset.UTC));
            statement.setLong(14, referenceId);
            statement.executeUpdate();
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
