package org.ucsgateway.store;

import java.io.IOException;
import java.sql.SQLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Shallow merge of two JSON object texts, as stored in the TEXT columns of the store. */
final class JsonMerge {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonMerge() {
    }

    /** Returns {@code base} with every top-level key of {@code changes} set to its value there. */
    static String merge(String base, String changes) throws SQLException {
        try {
            JsonNode baseNode = MAPPER.readTree(base == null ? "{}" : base);
            JsonNode changeNode = MAPPER.readTree(changes == null ? "{}" : changes);
            ObjectNode result = baseNode instanceof ObjectNode object ? object : MAPPER.createObjectNode();
            if (changeNode instanceof ObjectNode changeObject) {
                result.setAll(changeObject);
            }
            return MAPPER.writeValueAsString(result);
        } catch (IOException e) {
            throw new SQLException("Stored user data is not a JSON object: " + e.getMessage(), e);
        }
    }
}
