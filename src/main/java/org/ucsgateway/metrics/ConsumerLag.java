package org.ucsgateway.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lag of a consumer group on one topic: for every partition, the end offset minus the group's
 * committed offset, or minus the earliest offset where the group committed nothing yet. Measured
 * with a Kafka admin client on demand, each call bounded by {@link #TIMEOUT_MS}.
 */
public final class ConsumerLag implements AutoCloseable {

    static final long TIMEOUT_MS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLag.class);

    private final Map<String, Object> adminProperties;
    private final String groupId;
    private final String topic;
    private volatile Admin admin;
    private volatile long lastLag = -1;
    private volatile boolean lastFailed;

    public ConsumerLag(Map<String, Object> adminProperties, String groupId, String topic) {
        this.adminProperties = adminProperties;
        this.groupId = groupId;
        this.topic = topic;
    }

    /** Measures the lag again; on failure the lag becomes -1 and the failure is logged once per outage. */
    public synchronized void refresh() {
        try {
            lastLag = measure();
            if (lastFailed) {
                LOG.info("Consumer lag measured again groupId={} topic={} lag={}", groupId, topic, lastLag);
                lastFailed = false;
            }
        } catch (Exception e) {
            lastLag = -1;
            if (!lastFailed) {
                LOG.warn("Consumer lag not measured groupId={} topic={} error={}", groupId, topic, e.toString());
                lastFailed = true;
            }
        }
    }

    /** Returns the lag of the last {@link #refresh()}, or -1 when it failed or never ran. */
    public long lastLag() {
        return lastLag;
    }

    private long measure() throws Exception {
        Admin client = adminClient();
        TopicDescription description = client.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        description.partitions().forEach(info -> {
            TopicPartition partition = new TopicPartition(topic, info.partition());
            latest.put(partition, OffsetSpec.latest());
            earliest.put(partition, OffsetSpec.earliest());
        });
        Map<TopicPartition, ListOffsetsResultInfo> ends = client.listOffsets(latest).all()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> starts = client.listOffsets(earliest).all()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);

        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            long position = offset != null ? offset.offset() : starts.get(end.getKey()).offset();
            lag += Math.max(0, end.getValue().offset() - position);
        }
        return lag;
    }

    private Admin adminClient() {
        if (admin == null) {
            admin = Admin.create(adminProperties);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
