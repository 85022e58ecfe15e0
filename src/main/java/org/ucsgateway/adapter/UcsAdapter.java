package org.ucsgateway.adapter;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ucsgateway.ingress.IngressProcessor;
import org.ucsgateway.kafka.RecordHeaders;
import org.ucsgateway.store.FindResult;
import org.ucsgateway.store.InteractionStore;
import org.ucsgateway.store.PhoneCall;

/**
 * Steps of the UCS adapter route, referenced by name from {@code routes/ucs-adapter.xml}: run the
 * request record's operation against the store, turn the message into the response record, and
 * commit the request record's offset once the response record is acknowledged.
 */
public final class UcsAdapter {

    public static final String MESSAGE_TYPE_CREATE_INTERACTION = "createInteractionResponse";
    static final String MANUAL_COMMIT = "ucs.manualCommit";
    static final String REQUEST = "ucs.request";

    private static final Logger LOG = LoggerFactory.getLogger(UcsAdapter.class);

    private final InteractionStore store;
    private final ObjectMapper mapper = new ObjectMapper();

    public UcsAdapter(InteractionStore store) {
        this.store = store;
    }

    /**
     * Runs the operation and replaces the message with the response record. A store error caused by
     * the request gives the error notification; a lost store connection is rethrown, so the record
     * is retried and its offset is not committed.
     */
    public void execute(Exchange exchange) throws Exception {
        Message message = exchange.getIn();
        exchange.setProperty(MANUAL_COMMIT, message.getHeader(KafkaConstants.MANUAL_COMMIT));
        JsonNode request = readRequest(message.getBody(byte[].class));
        exchange.setProperty(REQUEST, request);

        long referenceId = request.get("referenceId").asLong();
        String contactCenter = request.get("contactCenter").asText();
        String operationName = request.get("operationName").asText();
        if (!"FindPhoneCall".equals(operationName)) {
            throw new InvalidRecordException("Unknown operationName '" + operationName + "'");
        }

        PhoneCall call = phoneCall(request.get("parameters"));
        ObjectNode notification = mapper.createObjectNode();
        notification.put("referenceId", referenceId);
        notification.put("messageType", MESSAGE_TYPE_CREATE_INTERACTION);
        try {
            FindResult result = store.findOrCreatePhoneCall(contactCenter, call, referenceId);
            notification.put("interactionId", result.interactionId());
            notification.put("isCreated", String.valueOf(result.created()));
            LOG.info("FindPhoneCall done referenceId={} callId={} contactCenter={} interactionId={} isCreated={}",
                    referenceId, call.callId(), contactCenter, result.interactionId(), result.created());
        } catch (SQLTransientConnectionException e) {
            throw e;
        } catch (SQLException e) {
            LOG.error("FindPhoneCall failed in the store referenceId={} callId={} contactCenter={} sqlState={}",
                    referenceId, call.callId(), contactCenter, e.getSQLState(), e);
            notification.put("errorMessage", "UCS request failed: the store rejected the interaction of callId "
                    + call.callId() + " (SQL state " + e.getSQLState() + ")");
        }

        writeResponseRecord(exchange, request, call.callId(), notification);
    }

    /** Commits the request record's offset; the route calls it after the response record was acknowledged. */
    public void commit(Exchange exchange) {
        KafkaManualCommit commit = exchange.getProperty(MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            commit.commit();
        }
    }

    private void writeResponseRecord(Exchange exchange, JsonNode request, String key, ObjectNode notification)
            throws IOException {
        ObjectNode response = mapper.createObjectNode();
        response.put("schemaVersion", IngressProcessor.SCHEMA_VERSION);
        response.set("referenceId", request.get("referenceId"));
        response.set("operationName", request.get("operationName"));
        response.set("userName", request.get("userName"));
        response.set("contactCenter", request.get("contactCenter"));
        response.set("notification", notification);

        Message message = exchange.getIn();
        message.getHeaders().clear();
        message.setHeader(KafkaConstants.KEY, key);
        message.setHeader(RecordHeaders.SCHEMA_VERSION, String.valueOf(IngressProcessor.SCHEMA_VERSION));
        message.setHeader(RecordHeaders.REFERENCE_ID, request.get("referenceId").asText());
        message.setHeader(RecordHeaders.OPERATION_NAME, request.get("operationName").asText());
        message.setHeader(RecordHeaders.USER_NAME, request.get("userName").asText());
        message.setHeader(RecordHeaders.CONTACT_CENTER, request.get("contactCenter").asText());
        message.setBody(mapper.writeValueAsBytes(response));
    }

    private JsonNode readRequest(byte[] value) {
        JsonNode request;
        try {
            request = value == null ? null : mapper.readTree(value);
        } catch (IOException e) {
            throw new InvalidRecordException("Record value is not JSON", e);
        }
        if (request == null || !request.isObject()) {
            throw new InvalidRecordException("Record value is not a JSON object");
        }
        if (request.path("schemaVersion").asInt(-1) != IngressProcessor.SCHEMA_VERSION) {
            throw new InvalidRecordException("Unsupported schemaVersion " + request.get("schemaVersion")
                    + ", expected " + IngressProcessor.SCHEMA_VERSION);
        }
        for (String field : new String[] {"referenceId", "operationName", "userName", "contactCenter", "parameters"}) {
            if (request.path(field).isMissingNode() || request.get(field).isNull()) {
                throw new InvalidRecordException("Record lacks the field '" + field + "'");
            }
        }
        return request;
    }

    private PhoneCall phoneCall(JsonNode parameters) throws IOException {
        for (String field : new String[] {"callId", "status", "phoneNumber", "type"}) {
            if (!parameters.path(field).isTextual()) {
                throw new InvalidRecordException("Record parameters lack the string '" + field + "'");
            }
        }
        JsonNode userData = parameters.path("userData");
        return new PhoneCall(
                parameters.get("callId").asText(),
                parameters.get("status").asText(),
                parameters.get("phoneNumber").asText(),
                parameters.get("type").asText(),
                textOrNull(parameters, "contactId"),
                textOrNull(parameters, "parentId"),
                textOrNull(parameters, "threadId"),
                textOrNull(parameters, "subject"),
                userData.isObject() ? mapper.writeValueAsString(userData) : "{}");
    }

    private static String textOrNull(JsonNode parameters, String field) {
        JsonNode value = parameters.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
