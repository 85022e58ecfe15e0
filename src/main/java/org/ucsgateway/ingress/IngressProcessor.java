package org.ucsgateway.ingress;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ucsgateway.kafka.RecordHeaders;
import org.apache.camel.http.common.HttpMessage;
import org.ucsgateway.security.AuthenticationResult;
import org.ucsgateway.security.BasicAuthenticator;
import org.ucsgateway.security.User;
import org.ucsgateway.store.ReferenceIdAllocator;

/**
 * Steps of the ingress route, referenced by name from {@code routes/ingress.xml}: authenticate,
 * check the media type, validate, build the request record and respond once Kafka acknowledged it.
 */
public final class IngressProcessor {

    /** Version of the request and response record value schema. */
    public static final int SCHEMA_VERSION = 1;
    public static final String FEATURE_UCS_VOICE = "api-ucs-voice";
    public static final String FEATURE_VOICE = "api-voice";

    static final String USER = "ucs.user";
    /** Exchange property with the validated {@link Operation}; the metrics read it too. */
    public static final String OPERATION = "ucs.operation";
    static final String PARAMETERS = "ucs.parameters";
    static final String REFERENCE_ID = "ucs.referenceId";
    static final String RECORD_KEY = "ucs.recordKey";

    private static final Logger LOG = LoggerFactory.getLogger(IngressProcessor.class);
    private static final String AUTHORIZATION = "Authorization";

    private final BasicAuthenticator authenticator;
    private final ReferenceIdAllocator referenceIds;
    private final ObjectMapper mapper = new ObjectMapper();
    /** One parser for all requests, because building its JsonMapper per request took about 2% of the ingress CPU. */
    private final RequestParser parser;
    /** Operations of {@code POST /api/v2/ucs/interactions}. */
    private final Map<String, Operation> interactionsOperations;
    /** Operations of {@code POST /api/v2/ucs/interactions/{interactionId}}. */
    private final Map<String, Operation> interactionOperations;
    /** Operations of {@code POST /api/v2/contacts/ucs}. */
    private final Map<String, Operation> contactOperations;

    public IngressProcessor(BasicAuthenticator authenticator, ReferenceIdAllocator referenceIds, InputLimits limits) {
        this.authenticator = authenticator;
        this.referenceIds = referenceIds;
        this.parser = new RequestParser(limits);
        Set<String> voice = Set.of(FEATURE_VOICE, FEATURE_UCS_VOICE);
        this.interactionsOperations = Map.of("FindPhoneCall", new Operation("FindPhoneCall",
                Set.of(FEATURE_UCS_VOICE), "callId", new FindPhoneCallValidator()::validate));
        this.interactionOperations = Map.of(
                "SetCallContact", new Operation("SetCallContact", voice, "interactionId",
                        CallOperationValidators::setCallContact),
                "SetCallNote", new Operation("SetCallNote", voice, "interactionId",
                        CallOperationValidators::setCallNote),
                "SetCallCompleted", new Operation("SetCallCompleted", voice, "interactionId",
                        CallOperationValidators::setCallCompleted));
        this.contactOperations = Map.of("IdentifyUCSContact", new Operation("IdentifyUCSContact",
                Set.of(FEATURE_UCS_VOICE), "contactKey", CallOperationValidators::identifyContact));
    }

    /** Rejects any method but POST with 405 and an Allow header. */
    public void requirePost(Exchange exchange) {
        requireMethod(exchange, "POST");
    }

    /** Rejects any method but GET with 405 and an Allow header. */
    public void requireGet(Exchange exchange) {
        requireMethod(exchange, "GET");
    }

    /** Rejects any method but GET and POST with 405 and an Allow header. */
    public void requireGetOrPost(Exchange exchange) {
        requireMethod(exchange, "GET", "POST");
    }

    private static void requireMethod(Exchange exchange, String... allowed) {
        String method = exchange.getIn().getHeader(Exchange.HTTP_METHOD, String.class);
        if (!java.util.Arrays.asList(allowed).contains(method)) {
            String list = String.join(", ", allowed);
            throw new GatewayException(StatusCode.INVALID_PARAMETER, 405,
                    "Method " + method + " is not allowed on " + exchange.getIn().getHeader(Exchange.HTTP_URI)
                            + ": use " + list, Map.of("Allow", list));
        }
    }

    /** Responds 404 with statusCode 6 for a path the gateway does not serve. */
    public void notFound(Exchange exchange) {
        String path = exchange.getIn().getHeader(Exchange.HTTP_URI, String.class);
        throw new GatewayException(StatusCode.NOT_FOUND, 404, "Resource not found: " + path);
    }

    /** Checks the Basic credentials and keeps the user for the next steps; 401 with statusCode 20 otherwise. */
    public void authenticate(Exchange exchange) {
        String authorization = exchange.getIn().getHeader(AUTHORIZATION, String.class);
        AuthenticationResult result = authenticator.authenticate(authorization, clientAddress(exchange));
        if (result.throttled()) {
            throw new GatewayException(StatusCode.NOT_AUTHENTICATED, 429,
                    "User is not authenticated: too many failed logins; retry in " + result.retryAfterSeconds() + " s",
                    Map.of("Retry-After", String.valueOf(result.retryAfterSeconds())));
        }
        if (!result.authenticated()) {
            throw new GatewayException(StatusCode.NOT_AUTHENTICATED, 401,
                    "User is not authenticated: send valid HTTP Basic credentials",
                    Map.of("WWW-Authenticate", "Basic realm=\"ucs-gateway\", charset=\"UTF-8\""));
        }
        exchange.setProperty(USER, result.user());
    }

    private static String clientAddress(Exchange exchange) {
        HttpMessage message = exchange.getIn(HttpMessage.class);
        return message == null || message.getRequest() == null ? null : message.getRequest().getRemoteAddr();
    }

    /** Accepts only {@code application/json} bodies, in UTF-8 when a charset is named. */
    public void checkContentType(Exchange exchange) {
        String contentType = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null) {
            throw new GatewayException(StatusCode.INVALID_PARAMETER, 415,
                    "Missing Content-Type: send the body as application/json");
        }
        if (contentType.equalsIgnoreCase("application/json")) {
            return;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        if (!parts[0].trim().equals("application/json")) {
            throw new GatewayException(StatusCode.INVALID_PARAMETER, 415,
                    "Unsupported Content-Type '" + contentType + "': send the body as application/json");
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8")
                    && !parameter.equals("charset=\"utf-8\"")) {
                throw new GatewayException(StatusCode.INVALID_PARAMETER, 415,
                        "Unsupported charset in Content-Type '" + contentType + "': send UTF-8");
            }
        }
    }

    /** Validates a request to {@code POST /api/v2/ucs/interactions} (FindPhoneCall). */
    public void validateInteractions(Exchange exchange) {
        validate(exchange, interactionsOperations, parse(exchange));
    }

    /**
     * Validates a request to {@code POST /api/v2/ucs/interactions/{interactionId}}. The interactionId
     * of the URL replaces any interactionId in the body.
     */
    public void validateInteraction(Exchange exchange) {
        ObjectNode body = parse(exchange);
        body.put("interactionId", interactionIdOf(exchange));
        validate(exchange, interactionOperations, body);
    }

    /** Validates a request to {@code POST /api/v2/contacts/ucs} (IdentifyUCSContact). */
    public void validateContacts(Exchange exchange) {
        validate(exchange, contactOperations, parse(exchange));
        ObjectNode parameters = exchange.getProperty(PARAMETERS, ObjectNode.class);
        User user = exchange.getProperty(USER, User.class);
        String key = parameters.path("phoneNumber").asText(parameters.path("emailAddress")
                .asText(parameters.path("lastName").asText(user.contactCenter())));
        exchange.setProperty(RECORD_KEY, key);
    }

    /**
     * Returns the interactionId of {@code /api/v2/ucs/interactions/{interactionId}}: the request path
     * below the route's path, without its leading and trailing slash.
     */
    public static String interactionIdOf(Exchange exchange) {
        String path = exchange.getIn().getHeader(Exchange.HTTP_PATH, "", String.class);
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.endsWith("/") && path.length() > start ? path.length() - 1 : path.length();
        return path.substring(start, Math.max(start, end));
    }

    private ObjectNode parse(Exchange exchange) {
        return parser.parseObject(body(exchange.getIn()));
    }

    /**
     * Returns the request body: the bytes {@link RequestBodyGuard} buffered, or else the message
     * body read into bytes. Requests without a body never pass through the guard's buffer.
     */
    private static byte[] body(Message message) {
        if (message instanceof HttpMessage http) {
            HttpServletRequest request = http.getRequest();
            if (request != null && request.getAttribute(RequestBodyGuard.BODY_ATTRIBUTE) instanceof byte[] buffered) {
                return buffered;
            }
        }
        return message.getBody(byte[].class);
    }

    /**
     * Dispatches on operationName and validates the operation's parameters. An operation that the
     * user's contact center lacks the feature for is rejected exactly like one that does not exist.
     */
    private void validate(Exchange exchange, Map<String, Operation> operations, ObjectNode body) {
        User user = exchange.getProperty(USER, User.class);
        String operationName = Parameters.requiredString(body, "operationName");
        Operation operation = operations.get(operationName);
        if (operation == null || operation.features().stream().noneMatch(user::hasFeature)) {
            throw GatewayException.invalid("Invalid value '" + operationName
                    + "' for parameter 'operationName': the operation does not exist");
        }

        exchange.setProperty(OPERATION, operation);
        ObjectNode parameters = operation.validator().apply(body);
        exchange.setProperty(PARAMETERS, parameters);
        if (parameters.has(operation.keyField())) {
            exchange.setProperty(RECORD_KEY, parameters.get(operation.keyField()).asText());
        }
    }

    /**
     * Allocates the referenceId and turns the message into the request record: the value is the
     * versioned JSON document, the key is the call's id, and the only headers are the gateway's own.
     */
    public void prepareRecord(Exchange exchange) throws Exception {
        User user = exchange.getProperty(USER, User.class);
        Operation operation = exchange.getProperty(OPERATION, Operation.class);
        ObjectNode parameters = exchange.getProperty(PARAMETERS, ObjectNode.class);
        long referenceId = referenceIds.next();
        exchange.setProperty(REFERENCE_ID, referenceId);

        ObjectNode record = mapper.createObjectNode();
        record.put("schemaVersion", SCHEMA_VERSION);
        record.put("referenceId", referenceId);
        record.put("operationName", operation.name());
        record.put("userName", user.userName());
        record.put("contactCenter", user.contactCenter());
        record.put("receivedAt", Instant.now().toString());
        record.set("parameters", parameters);

        Message message = exchange.getIn();
        message.getHeaders().clear();
        message.setHeader(KafkaConstants.KEY, exchange.getProperty(RECORD_KEY, String.class));
        message.setHeader(RecordHeaders.SCHEMA_VERSION, String.valueOf(SCHEMA_VERSION));
        message.setHeader(RecordHeaders.REFERENCE_ID, String.valueOf(referenceId));
        message.setHeader(RecordHeaders.OPERATION_NAME, operation.name());
        message.setHeader(RecordHeaders.USER_NAME, user.userName());
        message.setHeader(RecordHeaders.CONTACT_CENTER, user.contactCenter());
        message.setBody(mapper.writeValueAsBytes(record));
    }

    /** Responds {@code {"statusCode":0,"referenceId":N}} after the broker acknowledged the request record. */
    public void accepted(Exchange exchange) throws JsonProcessingException {
        long referenceId = exchange.getProperty(REFERENCE_ID, Long.class);
        User user = exchange.getProperty(USER, User.class);
        Operation operation = exchange.getProperty(OPERATION, Operation.class);
        LOG.info("Request accepted referenceId={} operationName={} key={} userName={} contactCenter={}",
                referenceId, operation.name(), exchange.getProperty(RECORD_KEY), user.userName(), user.contactCenter());

        ObjectNode answer = mapper.createObjectNode();
        answer.put("statusCode", StatusCode.SUCCESS);
        answer.put("referenceId", referenceId);
        HttpAnswers.write(exchange, 200, mapper.writeValueAsString(answer), Map.of());
    }
}
