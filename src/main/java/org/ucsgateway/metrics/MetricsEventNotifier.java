package org.ucsgateway.metrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.component.jetty.JettyHttpEndpoint;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.ucsgateway.adapter.UcsAdapter;
import org.ucsgateway.ingress.IngressProcessor;
import org.ucsgateway.ingress.Operation;
import org.ucsgateway.kafka.RecordHeaders;

/**
 * Turns Camel exchange events into the gateway's meters: every API request it responded to, every record
 * sent to Kafka, every request record the UCS adapter route finished and every dead letter. Routes
 * are distinguished by their consumer endpoint, so routes that staff add or rename are counted too.
 */
public final class MetricsEventNotifier extends EventNotifierSupport {

    /** HTTP routes that are not API requests. */
    private static final Set<String> UNCOUNTED_ROUTES = Set.of("health-live", "health-ready", "metrics");
    private static final Pattern STATUS_CODE = Pattern.compile("\"statusCode\"\\s*:\\s*(-?\\d+)");

    private final GatewayMetrics metrics;
    private final String requestTopic;
    private final String deadLetterTopic;

    public MetricsEventNotifier(GatewayMetrics metrics, String requestTopic, String deadLetterTopic) {
        this.metrics = metrics;
        this.requestTopic = requestTopic;
        this.deadLetterTopic = deadLetterTopic;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        // Sending events stay on: Camel fires the sent event of a send only when some notifier
        // accepted its sending event, so isEnabled accepts them and notify ignores them.
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSendingEvent || event instanceof ExchangeSentEvent
                || event instanceof ExchangeCompletedEvent || event instanceof ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        // Sending events are enabled only because Camel emits sent events only then; they count nothing.
        if (event instanceof ExchangeSentEvent sent) {
            onSent(sent);
        } else if (event instanceof ExchangeCompletedEvent || event instanceof ExchangeFailedEvent) {
            onDone(((ExchangeEvent) event).getExchange(), event instanceof ExchangeCompletedEvent);
        }
    }

    private void onSent(ExchangeSentEvent sent) {
        if (!(sent.getEndpoint() instanceof KafkaEndpoint kafka)) {
            return;
        }
        String topic = kafka.getConfiguration().getTopic();
        boolean acknowledged = sent.getExchange().getException() == null;
        // The UCS adapter sends a batch's response records in one send, and Kafka acknowledges them together.
        int records = sent.getExchange().getMessage().getBody() instanceof Collection<?> batch ? batch.size() : 1;
        metrics.recordPublish(topic, acknowledged, sent.getTimeTaken(), records);
        if (acknowledged && topic.equals(deadLetterTopic)) {
            metrics.countDeadLetter();
        }
    }

    private void onDone(Exchange exchange, boolean completed) {
        Endpoint from = exchange.getFromEndpoint();
        String routeId = exchange.getFromRouteId();
        if (from instanceof JettyHttpEndpoint && routeId != null && !UNCOUNTED_ROUTES.contains(routeId)) {
            Operation operation = exchange.getProperty(IngressProcessor.OPERATION, Operation.class);
            metrics.countRequest(routeId, operation != null ? operation.name() : "none",
                    completed ? statusCode(exchange) : "failed");
        } else if (from instanceof KafkaEndpoint kafka && requestTopic.equals(kafka.getConfiguration().getTopic())
                && exchange.getProperty(ExchangePropertyKey.SPLIT_INDEX) == null) {
            // The adapter's split runs each record on an exchange of its own, which completes too.
            // Only the batch's exchange is counted, once for each of its records.
            boolean succeeded = completed && exchange.getException() == null;
            long elapsed = exchange.getClock().elapsed();
            Map<String, Integer> recordsByOperation = new HashMap<>();
            for (Message record : batchMessages(exchange)) {
                recordsByOperation.merge(headerText(record, RecordHeaders.OPERATION_NAME), 1, Integer::sum);
            }
            recordsByOperation.forEach((operation, records) ->
                    metrics.recordAdapter(operation, succeeded, elapsed, records));
            Integer batchSize = exchange.getProperty(UcsAdapter.BATCH_SIZE, Integer.class);
            if (batchSize != null) {
                metrics.recordAdapterBatch(batchSize);
            }
        }
    }

    /** Returns the GWS statusCode of the response body, or "none" when the body has none. */
    private static String statusCode(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        String text = body instanceof String string ? string : body instanceof byte[] bytes
                ? new String(bytes, StandardCharsets.UTF_8) : null;
        if (text == null) {
            return "none";
        }
        Matcher matcher = STATUS_CODE.matcher(text);
        return matcher.find() ? matcher.group(1) : "none";
    }

    /**
     * Returns the messages of a UCS adapter batch: its response records once it completed, its
     * request records when it failed before, and the message itself when it is not a list.
     */
    private static List<Message> batchMessages(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof List<?> list) {
            List<Message> messages = new ArrayList<>(list.size());
            for (Object element : list) {
                if (element instanceof Message message) {
                    messages.add(message);
                } else if (element instanceof Exchange record) {
                    messages.add(record.getMessage());
                }
            }
            return messages;
        }
        return List.of(exchange.getMessage());
    }

    /** Returns a Kafka header as text; consumed headers arrive as bytes, headers set by a bean as strings. */
    static String headerText(Message message, String name) {
        Object value = message.getHeader(name);
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value != null ? value.toString() : "unknown";
    }
}
