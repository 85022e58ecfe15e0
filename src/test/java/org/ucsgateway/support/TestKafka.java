package org.ucsgateway.support;

import java.nio.file.Files;
import java.nio.file.Path;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.ucsgateway.kafka.EmbeddedKafkaBroker;

/**
 * The real Kafka broker of the test run, started once per JVM: the cluster named by the
 * environment variable KAFKA_BOOTSTRAP_SERVERS when set, otherwise an {@code apache/kafka}
 * container when Docker runs, otherwise the gateway's in-JVM KRaft broker.
 */
public final class TestKafka {

    private static String bootstrapServers;
    private static String description;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            start();
        }
        return bootstrapServers;
    }

    public static synchronized String description() {
        bootstrapServers();
        return description;
    }

    private static void start() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            bootstrapServers = external;
            description = "external cluster " + external;
            return;
        }
        if (dockerAvailable()) {
            KafkaContainer container = new KafkaContainer("apache/kafka:3.9.1");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            bootstrapServers = container.getBootstrapServers();
            description = "Testcontainers apache/kafka:3.9.1";
            return;
        }
        try {
            Path logDir = Files.createTempDirectory("ucs-test-kafka");
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDir, 0);
            broker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
            bootstrapServers = broker.bootstrapServers();
            description = "in-JVM KRaft broker " + bootstrapServers;
        } catch (Exception e) {
            throw new IllegalStateException("Failed to start the in-JVM Kafka broker for the tests", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
