package org.ucsgateway.health;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness and readiness of the gateway, referenced by name from {@code routes/health.xml}.
 * Ready means: every route started, Kafka describes every topic of the gateway, the store hands
 * out a valid connection and the CometD endpoint runs. Each check is bounded by {@link #TIMEOUT_MS}.
 * The readiness response also reports, under details, the partition assignment of the adapter group.
 */
public final class HealthCheck implements AutoCloseable {

    static final long TIMEOUT_MS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(HealthCheck.class);

    private final Map<String, Object> kafkaClientProperties;
    private final List<String> topics;
    private final DataSource dataSource;
    private final String adapterGroupId;
    private final String requestTopic;
    private final ObjectMapper mapper = new ObjectMapper();
    private volatile Admin admin;
    private volatile boolean lastReady = true;

    /**
     * @param topics          the topics the gateway uses; Kafka counts as ready only when all of them exist
     * @param adapterGroupId  consumer group of the UCS adapters, whose partition assignment the
     *                        ready response reports; null leaves that detail out
     * @param requestTopic    topic the adapters consume
     */
    public HealthCheck(Map<String, Object> kafkaClientProperties, List<String> topics, DataSource dataSource,
                       String adapterGroupId, String requestTopic) {
        this.kafkaClientProperties = kafkaClientProperties;
        this.topics = List.copyOf(topics);
        this.dataSource = dataSource;
        this.adapterGroupId = adapterGroupId;
        this.requestTopic = requestTopic;
    }

    /** Responds 200 {"status":"UP"} while the Camel context runs. */
    public void live(Exchange exchange) throws JsonProcessingException {
        boolean up = exchange.getContext().getStatus() == ServiceStatus.Started;
        write(exchange, up, Map.of("status", up ? "UP" : "DOWN"));
    }

    /** Responds 200 when every dependency is ready, otherwise 503. The body lists each check. */
    public void ready(Exchange exchange) throws JsonProcessingException {
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("routes", routesStarted(exchange.getContext()));
        checks.put("kafka", kafkaReachable());
        checks.put("store", storeReachable());
        checks.put("cometd", exchange.getContext().getRegistry().lookupByName("notificationHandlers") != null
                ? "UP" : "DOWN");
        boolean ready = checks.values().stream().allMatch("UP"::equals);
        if (ready != lastReady) {
            LOG.info("Readiness changed ready={} checks={}", ready, checks);
            lastReady = ready;
        }

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "UP" : "DOWN");
        body.put("checks", checks);
        if (adapterGroupId != null && "UP".equals(checks.get("kafka"))) {
            body.put("details", Map.of("adapterPartitions", adapterPartitions()));
        }
        write(exchange, ready, body);
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
    }

    private static String routesStarted(CamelContext context) {
        // A route that does not start by itself, such as ucs-adapter with ucs.adapter.enabled=false, is not awaited.
        boolean allStarted = context.getRoutes().stream()
                .filter(Route::isAutoStartup)
                .allMatch(route -> context.getRouteController().getRouteStatus(route.getRouteId()) == ServiceStatus.Started);
        return allStarted ? "UP" : "DOWN";
    }

    private String kafkaReachable() {
        try {
            adminClient().describeTopics(topics, new DescribeTopicsOptions().timeoutMs((int) TIMEOUT_MS))
                    .allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return "UP";
        } catch (Exception e) {
            return "DOWN";
        }
    }

    /**
     * Returns how many partitions of the request topic the adapter consumer group has assigned,
     * over all instances, and how many the topic has. It is a detail, not a readiness check,
     * because an instance of a group with more instances than partitions is ready without any.
     */
    private Map<String, Object> adapterPartitions() {
        Map<String, Object> partitions = new LinkedHashMap<>();
        try {
            ConsumerGroupDescription group = adminClient().describeConsumerGroups(List.of(adapterGroupId))
                    .describedGroups().get(adapterGroupId).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            long assigned = group.members().stream()
                    .flatMap(member -> member.assignment().topicPartitions().stream())
                    .filter(partition -> partition.topic().equals(requestTopic))
                    .count();
            int total = adminClient().describeTopics(List.of(requestTopic)).allTopicNames()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(requestTopic).partitions().size();
            partitions.put("assigned", assigned);
            partitions.put("total", total);
            partitions.put("members", group.members().size());
        } catch (Exception e) {
            partitions.put("error", "the adapter consumer group could not be described");
        }
        return partitions;
    }

    private String storeReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid((int) TimeUnit.MILLISECONDS.toSeconds(TIMEOUT_MS)) ? "UP" : "DOWN";
        } catch (Exception e) {
            return "DOWN";
        }
    }

    private Admin adminClient() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(kafkaClientProperties);
                }
            }
        }
        return admin;
    }

    private void write(Exchange exchange, boolean healthy, Map<String, Object> body) throws JsonProcessingException {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, healthy ? 200 : 503);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(mapper.writeValueAsString(body));
    }
}
