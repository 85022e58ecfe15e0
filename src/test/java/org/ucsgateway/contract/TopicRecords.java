package org.ucsgateway.contract;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every record of one topic, read from the beginning of all its partitions by a consumer without
 * a group, and kept, so that a test can look records up in any order. Not thread-safe.
 */
final class TopicRecords implements AutoCloseable {

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    TopicRecords(String bootstrapServers, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Returns the first record with this referenceId header, waiting up to the timeout for it to arrive. */
    ConsumerRecord<String, byte[]> awaitReference(long referenceId, Duration timeout) {
        String expected = String.valueOf(referenceId);
        return await(record -> expected.equals(header(record, "referenceId")), timeout)
                .orElseThrow(() -> new AssertionError("no record with header referenceId=" + referenceId
                        + " on topic " + topic + " within " + timeout.toSeconds() + " s"));
    }

    /** Returns the first record that matches, waiting up to the timeout; empty when none arrived. */
    Optional<ConsumerRecord<String, byte[]>> await(Predicate<ConsumerRecord<String, byte[]>> condition,
                                                   Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ConsumerRecord<String, byte[]>> found = records.stream().filter(condition).findFirst();
            if (found.isPresent() || System.nanoTime() >= deadline) {
                return found;
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
    }

    /** Returns the value of the last header with this name as UTF-8 text, or null when there is none. */
    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
