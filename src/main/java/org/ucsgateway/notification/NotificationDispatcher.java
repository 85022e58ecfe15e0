package org.ucsgateway.notification;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step of the notification route, referenced by name from {@code routes/notification.xml}: hands
 * the notification of a response record to the CometD sessions of the user who made the request.
 */
public final class NotificationDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

    private final NotificationServer server;
    private final ObjectMapper mapper = new ObjectMapper();

    public NotificationDispatcher(NotificationServer server) {
        this.server = server;
    }

    /** Delivers one response record value; a record that is not a response is logged and skipped. */
    public void deliver(byte[] value) {
        JsonNode response;
        try {
            response = mapper.readTree(value);
        } catch (IOException e) {
            LOG.warn("Response record skipped: value is not JSON error={}", e.getMessage());
            return;
        }
        JsonNode userName = response == null ? null : response.get("userName");
        JsonNode notification = response == null ? null : response.get("notification");
        if (userName == null || !userName.isTextual() || notification == null || !notification.isObject()) {
            LOG.warn("Response record skipped: it lacks userName or notification");
            return;
        }

        Map<String, Object> data = mapper.convertValue(notification, new TypeReference<>() { });
        int sessions = server.deliver(userName.asText(), data);
        LOG.debug("Notification delivered referenceId={} userName={} sessions={}",
                response.path("referenceId").asText(), userName.asText(), sessions);
    }
}
