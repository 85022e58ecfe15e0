package org.ucsgateway.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ucsgateway.notification.NotificationServer;

/**
 * Metrics of one gateway instance in a Micrometer Prometheus registry, served in the Prometheus
 * text format by {@code routes/metrics.xml} at {@code GET /metrics}. {@link MetricsEventNotifier}
 * records the request, Kafka and adapter meters from Camel's exchange events.
 */
public final class GatewayMetrics implements AutoCloseable {

    /** Content type of the Prometheus text exposition format 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final ConsumerLag consumerLag;

    /**
     * @param notifications  source of the notification counters and the CometD session count
     * @param consumerLag    lag of the adapter's consumer group, measured at each scrape
     */
    public GatewayMetrics(NotificationServer notifications, ConsumerLag consumerLag) {
        this.consumerLag = consumerLag;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);

        FunctionCounter.builder("ucs.notifications.delivered", notifications, NotificationServer::deliveredCount)
                .description("Notifications handed to CometD sessions, one per session")
                .register(registry);
        FunctionCounter.builder("ucs.notifications.dropped", notifications, NotificationServer::droppedCount)
                .description("Response records whose user had no CometD session on this instance")
                .register(registry);
        Gauge.builder("ucs.cometd.sessions", notifications, NotificationServer::totalSessionCount)
                .description("Connected CometD sessions on this instance")
                .register(registry);
        Gauge.builder("ucs.adapter.consumer.lag", consumerLag, ConsumerLag::lastLag)
                .description("Request records not yet committed by the UCS adapter consumer group, "
                        + "measured at each scrape; -1 when Kafka did not answer")
                .baseUnit("records")
                .register(registry);
    }

    /** Counts one HTTP request of the API that got a response. */
    public void countRequest(String route, String operation, String statusCode) {
        Counter.builder("ucs.requests")
                .description("Answered API requests by route, operationName and GWS statusCode")
                .tag("route", route)
                .tag("operation", operation)
                .tag("statusCode", statusCode)
                .register(registry)
                .increment();
    }

    /** Records how long Kafka took to acknowledge records that a route published in one send. */
    public void recordPublish(String topic, boolean acknowledged, long millis, int records) {
        Timer timer = Timer.builder("ucs.kafka.publish")
                .description("Time from sending a record to Kafka until it was acknowledged or failed")
                .tag("topic", topic)
                .tag("outcome", acknowledged ? "acknowledged" : "failed")
                .register(registry);
        for (int i = 0; i < records; i++) {
            timer.record(Duration.ofMillis(millis));
        }
    }

    /**
     * Records the time the UCS adapter route spent on request records of one operation in one
     * batch: from the start of the batch until its response records were acknowledged.
     */
    public void recordAdapter(String operation, boolean completed, long millis, int records) {
        Timer timer = Timer.builder("ucs.adapter.processing")
                .description("Time from the start of a request record's batch in the UCS adapter until its response was acknowledged")
                .tag("operation", operation)
                .tag("outcome", completed ? "completed" : "failed")
                .register(registry);
        for (int i = 0; i < records; i++) {
            timer.record(millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Records the number of request records in one batch of the UCS adapter. */
    public void recordAdapterBatch(int records) {
        DistributionSummary.builder("ucs.adapter.batch.records")
                .description("Request records per batch of the UCS adapter")
                .register(registry)
                .record(records);
    }

    /** Counts one record written to the dead-letter topic. */
    public void countDeadLetter() {
        Counter.builder("ucs.dead.letters")
                .description("Request records written to the dead-letter topic")
                .register(registry)
                .increment();
    }

    /** Bean method of the metrics route: responds to the scrape in the Prometheus text format. */
    public void scrape(Exchange exchange) {
        consumerLag.refresh();
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        message.setBody(registry.scrape());
    }

    /** Returns the exposition text, for tests and diagnostics. */
    public String scrapeText() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        consumerLag.close();
        registry.close();
        LOG.info("Metrics stopped");
    }
}
