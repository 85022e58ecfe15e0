package org.ucsgateway.ingress;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.ucsgateway.security.User;
import org.ucsgateway.store.IdGenerator;
import org.ucsgateway.store.InteractionStore;

/**
 * Read-only responses of the HTTP API, referenced by name from the routes: the authenticated user
 * ({@code GET /api/v2/me}), its contact center's features ({@code GET /api/v2/features}) and one
 * interaction read back from the store ({@code GET /api/v2/ucs/interactions/{interactionId}}).
 * They answer from this instance directly, without Kafka.
 */
public final class QueryProcessor {

    private final InteractionStore store;
    private final ObjectMapper mapper = new ObjectMapper();

    public QueryProcessor(InteractionStore store) {
        this.store = store;
    }

    /** Responds {@code {"statusCode":0,"user":{...}}} for the authenticated user. */
    public void me(Exchange exchange) throws Exception {
        User user = exchange.getProperty(IngressProcessor.USER, User.class);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", user.userName());
        details.put("userName", user.userName());
        details.put("contactCenterId", user.contactCenter());
        details.put("roles", user.roles());
        details.put("enabledFeatures", new TreeSet<>(user.features()));
        write(exchange, Map.of("statusCode", StatusCode.SUCCESS, "user", details));
    }

    /** Responds {@code {"statusCode":0,"features":[...]}} with the features of the user's contact center. */
    public void features(Exchange exchange) throws Exception {
        User user = exchange.getProperty(IngressProcessor.USER, User.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", StatusCode.SUCCESS);
        body.put("features", new TreeSet<>(user.features()));
        write(exchange, body);
    }

    /**
     * Answers {@code {"statusCode":0,"interaction":{...}}} with the stored interaction, or 404 with
     * statusCode 6 when the user's contact center has no interaction of that id.
     */
    public void interaction(Exchange exchange) throws Exception {
        User user = exchange.getProperty(IngressProcessor.USER, User.class);
        if (!user.hasFeature(IngressProcessor.FEATURE_UCS_VOICE) && !user.hasFeature(IngressProcessor.FEATURE_VOICE)) {
            throw new GatewayException(StatusCode.NOT_FOUND, 404, "Resource not found: the contact center of user "
                    + user.userName() + " has no UCS voice feature");
        }
        String interactionId = IngressProcessor.interactionIdOf(exchange);
        if (!IdGenerator.isValid(interactionId)) {
            throw GatewayException.invalid("Invalid interactionId '" + interactionId
                    + "' in the URL: expected 16 characters [0-9A-Za-z]");
        }

        Optional<Map<String, Object>> interaction = readInteraction(user.contactCenter(), interactionId);
        if (interaction.isEmpty()) {
            throw new GatewayException(StatusCode.NOT_FOUND, 404, "Interaction " + interactionId + " not found");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", StatusCode.SUCCESS);
        body.put("interaction", interaction.get());
        write(exchange, body);
    }

    private Optional<Map<String, Object>> readInteraction(String contactCenter, String interactionId)
            throws SQLException {
        Optional<Map<String, Object>> row = store.findById(contactCenter, interactionId);
        row.ifPresent(interaction -> {
            Object userData = interaction.get("userData");
            try {
                interaction.put("userData", userData == null ? Map.of() : mapper.readTree((String) userData));
            } catch (Exception e) {
                interaction.put("userData", Map.of());
            }
        });
        return row;
    }

    private void write(Exchange exchange, Object body) throws Exception {
        HttpAnswers.write(exchange, 200, mapper.writeValueAsString(body), Map.of());
    }
}
