package org.ucsgateway.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.jetty.JettyHttpEndpoint;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;
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
        metrics.recordPublish(topic, acknowledged, sent.getTimeTaken());
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
        } else if (from instanceof KafkaEndpoint kafka && requestTopic.equals(kafka.getConfiguration().getTopic())) {
            metrics.recordAdapter(headerText(exchange, RecordHeaders.OPERATION_NAME), completed && exchange.getException() == null,
                    exchange.getClock().elapsed());
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

    /** Returns a Kafka header as text; consumed headers arrive as bytes, headers set by a bean as strings. */
    static String headerText(Exchange exchange, String name) {
        Object value = exchange.getMessage().getHeader(name);
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value != null ? value.toString() : "unknown";
    }
}
