package org.ucsgateway.notification;

import java.io.IOException;
import java.util.LinkedHashMap;
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

    /** Number of recent referenceIds remembered to drop a response delivered twice. */
    static final int DUPLICATE_WINDOW = 10_000;

    private final NotificationServer server;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<Long, Boolean> recentReferenceIds = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > DUPLICATE_WINDOW;
        }
    };

    public NotificationDispatcher(NotificationServer server) {
        this.server = server;
    }

    /**
     * Records the referenceId and returns whether it is new. The adapter publishes a response again
     * when its offset commit failed after the response was acknowledged, and the notification of
     * such a response reaches the user once.
     */
    private synchronized boolean firstDelivery(long referenceId) {
        return recentReferenceIds.put(referenceId, Boolean.TRUE) == null;
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

        long referenceId = response.path("referenceId").asLong();
        if (!firstDelivery(referenceId)) {
            LOG.info("Notification skipped: response delivered twice referenceId={} userName={}",
                    referenceId, userName.asText());
            return;
        }

        Map<String, Object> data = mapper.convertValue(notification, new TypeReference<>() { });
        int sessions = server.deliver(userName.asText(), data);
        LOG.debug("Notification delivered referenceId={} userName={} sessions={}",
                response.path("referenceId").asText(), userName.asText(), sessions);
    }
}
