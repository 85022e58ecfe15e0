package org.ucsgateway.adapter;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ucsgateway.ingress.IngressProcessor;
import org.ucsgateway.kafka.RecordHeaders;
import org.ucsgateway.store.ContactQuery;
import org.ucsgateway.store.ContactStore;
import org.ucsgateway.store.FindResult;
import org.ucsgateway.store.IdentifyResult;
import org.ucsgateway.store.InteractionStore;
import org.ucsgateway.store.PhoneCall;
import org.ucsgateway.store.ReferenceIdAllocator;

/**
 * Steps of the UCS adapter route, referenced by name from {@code routes/ucs-adapter.xml}. The
 * route takes the request records of one poll as a batch: {@link #openBatch} turns the batch into
 * the list of record messages, {@link #execute} runs each record's operation against the store
 * and turns its message into the response record, and {@link #commit} commits the offsets of the
 * whole batch once the response records are acknowledged.
 */
public final class UcsAdapter {

    public static final String MESSAGE_TYPE_CREATE_INTERACTION = "createInteractionResponse";
    public static final String MESSAGE_TYPE_UCS_OPERATION = "UcsOperationResponse";
    /** Exchange property of a batch: the number of request records in it. */
    public static final String BATCH_SIZE = "ucs.batchSize";
    /** Exchange property of a batch: the offsets to commit after it, as {@link BatchOffsets}. */
    static final String BATCH_OFFSETS = "ucs.batchOffsets";
    static final String REQUEST = "ucs.request";
    static final String ORIGINAL_KEY = "ucs.originalKey";
    static final String ORIGINAL_VALUE = "ucs.originalValue";
    /** Exchange property of a record: true when its message is a response record to publish. */
    static final String HAS_RESPONSE = "ucs.hasResponse";

    private static final Logger LOG = LoggerFactory.getLogger(UcsAdapter.class);

    private final InteractionStore interactions;
    private final ContactStore contacts;
    private final ObjectMapper mapper = new ObjectMapper();

    public UcsAdapter(InteractionStore interactions, ContactStore contacts) {
        this.interactions = interactions;
        this.contacts = contacts;
    }

    /**
     * Runs the operation and replaces the message with the response record.
     *
     * @throws InvalidRecordException when the record can never be processed
     * @throws StoreUnavailableException when the store cannot be reached; the record is retried
     * @throws StoreRejectedException when the store rejects the operation
     */
    public void execute(Exchange exchange) throws Exception {
        Message message = exchange.getIn();
        Object key = message.getHeader(KafkaConstants.KEY);
        byte[] value = message.getBody(byte[].class);
        exchange.setProperty(ORIGINAL_KEY, key == null ? null : key.toString());
        exchange.setProperty(ORIGINAL_VALUE, value);
        JsonNode request = readRequest(value);
        exchange.setProperty(REQUEST, request);

        long referenceId = request.get("referenceId").asLong();
        String contactCenter = request.get("contactCenter").asText();
        String operationName = request.get("operationName").asText();
        JsonNode parameters = request.get("parameters");
        ObjectNode notification = switch (operationName) {
            case "FindPhoneCall" -> findPhoneCall(referenceId, contactCenter, parameters);
            case "SetCallContact", "SetCallNote", "SetCallCompleted" ->
                    callOperation(operationName, referenceId, contactCenter, parameters);
            case "IdentifyUCSContact" -> identifyContact(referenceId, contactCenter, parameters);
            default -> throw new InvalidRecordException("Unknown operationName '" + operationName + "'");
        };

        writeResponseRecord(exchange, request, key == null ? null : key.toString(), notification);
        exchange.setProperty(HAS_RESPONSE, true);
    }

    private ObjectNode findPhoneCall(long referenceId, String contactCenter, JsonNode parameters) throws Exception {
        PhoneCall call = phoneCall(parameters);
        ObjectNode notification = newNotification(referenceId, MESSAGE_TYPE_CREATE_INTERACTION);
        try {
            FindResult result = interactions.findOrCreatePhoneCall(contactCenter, call, referenceId);
            notification.put("interactionId", result.interactionId());
            notification.put("isCreated", String.valueOf(result.created()));
            LOG.info("FindPhoneCall done referenceId={} callId={} contactCenter={} interactionId={} isCreated={}",
                    referenceId, call.callId(), contactCenter, result.interactionId(), result.created());
        } catch (SQLException e) {
            throw StoreFailures.classify(e, "FindPhoneCall of callId " + call.callId());
        }
        return notification;
    }

    private ObjectNode callOperation(String operationName, long referenceId, String contactCenter,
                                     JsonNode parameters) throws Exception {
        String interactionId = requiredText(parameters, "interactionId");
        ObjectNode notification = newNotification(referenceId, MESSAGE_TYPE_UCS_OPERATION);
        String error;
        try {
            error = switch (operationName) {
                case "SetCallNote" -> interactions.setNote(contactCenter, interactionId,
                        requiredText(parameters, "note")) ? null : interactionNotFound(interactionId);
                case "SetCallContact" -> setContact(contactCenter, interactionId, requiredText(parameters, "contactId"));
                default -> interactions.complete(contactCenter, interactionId,
                        parameters.path("callDuration").asInt(),
                        mapper.writeValueAsString(parameters.path("userData").isObject()
                                ? parameters.get("userData") : mapper.createObjectNode()))
                        ? null : interactionNotFound(interactionId);
            };
        } catch (SQLException e) {
            throw StoreFailures.classify(e, operationName + " of interaction " + interactionId);
        }

        notification.put("success", error == null);
        if (error != null) {
            notification.put("errorMessage", error);
        }
        LOG.info("{} done referenceId={} interactionId={} contactCenter={} success={}",
                operationName, referenceId, interactionId, contactCenter, error == null);
        return notification;
    }

    private String setContact(String contactCenter, String interactionId, String contactId) throws SQLException {
        if (!contacts.exists(contactCenter, contactId)) {
            return "UCS request failed: contact " + contactId + " not found";
        }
        return interactions.setContact(contactCenter, interactionId, contactId) ? null : interactionNotFound(interactionId);
    }

    private static String interactionNotFound(String interactionId) {
        return "UCS request failed: interaction " + interactionId + " not found";
    }

    private ObjectNode identifyContact(long referenceId, String contactCenter, JsonNode parameters) throws Exception {
        Map<String, String> attributes = new TreeMap<>();
        parameters.path("userData").fields().forEachRemaining(field -> attributes.put(field.getKey(),
                field.getValue().asText()));
        ContactQuery query = new ContactQuery(textOrNull(parameters, "phoneNumber"),
                textOrNull(parameters, "emailAddress"), textOrNull(parameters, "lastName"), attributes);
        boolean create = "true".equals(parameters.path("createContactEnabled").asText());

        ObjectNode notification = mapper.createObjectNode();
        notification.put("referenceId", referenceId);
        try {
            IdentifyResult result = contacts.identify(contactCenter, query, create, referenceId);
            if (result.contactId() != null) {
                notification.put("contactId", result.contactId());
            } else if (result.matches() == 0) {
                notification.put("errorMessage", "UCS request failed: no contact matches " + describe(query)
                        + " and createContactEnabled is false");
            } else {
                notification.put("errorMessage", "UCS request failed: " + result.matches() + " contacts match "
                        + describe(query) + "; give more attributes to identify one");
            }
            LOG.info("IdentifyUCSContact done referenceId={} contactCenter={} contactId={} matches={} created={}",
                    referenceId, contactCenter, result.contactId(), result.matches(), result.created());
        } catch (SQLException e) {
            throw StoreFailures.classify(e, "IdentifyUCSContact");
        }
        return notification;
    }

    private static String describe(ContactQuery query) {
        StringBuilder text = new StringBuilder();
        if (query.phoneNumber() != null) {
            text.append("phoneNumber=").append(query.phoneNumber()).append(' ');
        }
        if (query.emailAddress() != null) {
            text.append("emailAddress=").append(query.emailAddress()).append(' ');
        }
        if (query.lastName() != null) {
            text.append("lastName=").append(query.lastName()).append(' ');
        }
        query.attributes().forEach((name, value) -> text.append(name).append('=').append(value).append(' '));
        return text.toString().trim();
    }

    private ObjectNode newNotification(long referenceId, String messageType) {
        ObjectNode notification = mapper.createObjectNode();
        notification.put("referenceId", referenceId);
        notification.put("messageType", messageType);
        return notification;
    }

    private static String requiredText(JsonNode parameters, String field) {
        JsonNode value = parameters.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidRecordException("Record parameters lack the string '" + field + "'");
        }
        return value.asText();
    }

    /**
     * Replaces the message with an error response record for a request record that failed for good,
     * when the record names its referenceId, user, contact center and operation. Sets the exchange
     * property {@code ucs.hasResponse} to whether it did, so the batch publishes it or skips it.
     */
    public void errorResponse(Exchange exchange) throws IOException {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        JsonNode request = readLeniently(exchange.getProperty(ORIGINAL_VALUE, byte[].class));
        boolean readable = request != null && request.path("referenceId").isIntegralNumber()
                && request.path("referenceId").asLong() > 0
                && request.path("referenceId").asLong() <= ReferenceIdAllocator.MAX_REFERENCE_ID
                && request.path("userName").isTextual() && request.path("contactCenter").isTextual()
                && request.path("operationName").isTextual();
        exchange.setProperty(HAS_RESPONSE, readable);
        if (!readable) {
            return;
        }

        String operationName = request.get("operationName").asText();
        long referenceId = request.get("referenceId").asLong();
        ObjectNode notification = switch (operationName) {
            case "FindPhoneCall" -> newNotification(referenceId, MESSAGE_TYPE_CREATE_INTERACTION);
            case "SetCallContact", "SetCallNote", "SetCallCompleted" -> {
                ObjectNode operation = newNotification(referenceId, MESSAGE_TYPE_UCS_OPERATION);
                operation.put("success", false);
                yield operation;
            }
            default -> {
                ObjectNode other = mapper.createObjectNode();
                other.put("referenceId", referenceId);
                yield other;
            }
        };
        notification.put("errorMessage", failure instanceof StoreRejectedException rejected
                ? rejected.errorMessage()
                : "UCS request failed: the request record cannot be processed: " + failure.getMessage());
        String key = exchange.getProperty(ORIGINAL_KEY, String.class);
        writeResponseRecord(exchange, request, key, notification);
        LOG.warn("Error notification sent referenceId={} operationName={} userName={} errorMessage={}",
                referenceId, operationName, request.get("userName").asText(), notification.get("errorMessage").asText());
    }

    private JsonNode readLeniently(byte[] value) {
        try {
            JsonNode node = value == null ? null : mapper.readTree(value);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Replaces the batch that the Kafka consumer delivers, a list of exchanges with one record
     * each, with the list of their messages. Keeps for {@link #commit} the consumer that read the
     * batch and, for each partition, the offset after the batch's last record.
     */
    public void openBatch(Exchange exchange) {
        List<?> records = exchange.getIn().getBody(List.class);
        List<Message> messages = new ArrayList<>(records.size());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Consumer<?, ?> consumer = null;
        for (Object record : records) {
            Message message = ((Exchange) record).getIn();
            messages.add(message);
            if (message.getHeader(KafkaConstants.MANUAL_COMMIT) instanceof DefaultKafkaManualCommit commit) {
                offsets.merge(commit.getPartition(), new OffsetAndMetadata(commit.getRecordOffset() + 1),
                        (first, second) -> first.offset() >= second.offset() ? first : second);
                consumer = commit.getConsumer();
            }
        }
        exchange.setProperty(BATCH_SIZE, messages.size());
        if (consumer != null) {
            exchange.setProperty(BATCH_OFFSETS, new BatchOffsets(consumer, offsets));
        }
        exchange.getIn().setBody(messages);
    }

    /**
     * Commits the offsets of the whole batch, each partition's after its last record. The route
     * calls it after the response records were acknowledged. The commit is asynchronous and must
     * run on the consumer's own thread, which the route keeps by publishing synchronously. A
     * commit that fails, or that a crash overtakes, leads to a redelivery of the batch.
     */
    public void commit(Exchange exchange) {
        BatchOffsets batch = exchange.getProperty(BATCH_OFFSETS, BatchOffsets.class);
        if (batch == null) {
            return;
        }
        batch.consumer().commitAsync(batch.offsets(), (offsets, failure) -> {
            if (failure != null) {
                LOG.warn("Commit of request record offsets failed, so the batch will be read again offsets={} error={}",
                        offsets, failure.toString());
            }
        });
    }

    /** Offsets to commit after a batch, and the consumer that read the batch. */
    record BatchOffsets(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
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
        if (key != null) {
            message.setHeader(KafkaConstants.KEY, key);
        }
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
        JsonNode version = request.path("schemaVersion");
        if (!version.isInt() || version.asInt() != IngressProcessor.SCHEMA_VERSION) {
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
