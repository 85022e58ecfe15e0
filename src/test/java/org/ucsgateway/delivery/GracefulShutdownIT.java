package org.ucsgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.CometdTestClient;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestKafka;
import org.ucsgateway.support.TestUsers;

/**
 * SIGTERM while clients keep posting, against the packaged jar in its own process: the process
 * exits within the bound, every request with a 200 response has its record on the request topic, and
 * the others are refused cleanly (503 or a refused connection), never with a 500.
 */
class GracefulShutdownIT {

    private static final long EXIT_BOUND_SECONDS = 45;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();

    @Test
    void sigtermStopsCleanlyWithoutLosingAcceptedRequests() throws Exception {
        Path jar = Path.of("target/ucs-gateway.jar");
        assertTrue(Files.exists(jar), "the package phase did not build " + jar);
        Path folder = Files.createTempDirectory("ucs-sigterm");
        String prefix = "sigterm-" + UUID.randomUUID().toString().substring(0, 8);
        int port = freePort();

        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("gateway.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("UCS_HTTP_PORT", String.valueOf(port));
        env.put("UCS_DATA_DIR", folder.toString());
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers());
        env.put("UCS_SECURITY_USERS_FILE", TestUsers.write(folder).toString());
        env.put("UCS_KAFKA_REQUEST_TOPIC", prefix + ".requests");
        env.put("UCS_KAFKA_RESPONSE_TOPIC", prefix + ".responses");
        env.put("UCS_KAFKA_DEAD_LETTER_TOPIC", prefix + ".dead-letter");
        env.put("UCS_KAFKA_ADAPTER_GROUP_ID", prefix + "-adapter");
        Process gateway = builder.start();
        CometdTestClient listener = null;
        try {
            awaitReady(port, gateway);
            listener = CometdTestClient.connect(
                    "http://127.0.0.1:" + port + "/api/v2/notifications", TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                    CometdTestClient.Transport.LONG_POLLING);

            ConcurrentLinkedQueue<long[]> outcomes = new ConcurrentLinkedQueue<>();
            unexpected.clear();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread client = new Thread(() -> postUntilRefused(port, outcomes, 2000));
                client.start();
                clients.add(client);
            }
            Thread.sleep(2000);

            long stopping = System.nanoTime();
            gateway.destroy();
            boolean exited = gateway.waitFor(EXIT_BOUND_SECONDS, TimeUnit.SECONDS);
            long stopSeconds = (System.nanoTime() - stopping) / 1_000_000_000L;
            for (Thread client : clients) {
                client.join(60_000);
            }

            assertTrue(exited, "the process did not exit within " + EXIT_BOUND_SECONDS + " s of SIGTERM");
            Set<Long> accepted = new HashSet<>();
            for (long[] outcome : outcomes) {
                long status = outcome[0];
                assertTrue(status == 200 || status == 503 || status == -1, "unclean answers " + unexpected);
                if (status == 200) {
                    accepted.add(outcome[1]);
                }
            }
            assertTrue(accepted.size() > 10, "too few requests accepted before SIGTERM: " + accepted.size());
            Set<Long> published = publishedReferenceIds(prefix + ".requests");
            Set<Long> missing = new HashSet<>(accepted);
            missing.removeAll(published);
            assertEquals(Set.of(), missing, "answered 200 but not on the request topic");
            // The CometD client's held long poll ends with a disconnect, not with status 500.
            String log = Files.readString(folder.resolve("gateway.log"));
            assertFalse(log.contains("httpStatus=500"), "a request ended with 500 during the shutdown");
            assertFalse(log.contains("Database is already closed"), "the store closed while the UCS adapter still ran");
            assertTrue(log.contains("CometD sessions disconnected because the listener stops count=1"),
                    "the CometD session was not disconnected before the listener stopped");
            System.out.println("SIGTERM to exit took " + stopSeconds + " s; accepted " + accepted.size());
        } finally {
            gateway.destroyForcibly();
            if (listener != null) {
                listener.close();
            }
        }
    }

    /** Posts until the gateway refuses connections, recording {status, referenceId}; -1 is a refused connection. */
    private void postUntilRefused(int port, ConcurrentLinkedQueue<long[]> outcomes, int maxRequests) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < maxRequests; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + ApiSteps.INTERACTIONS))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", TestGateway.basic(TestUsers.AGENT, TestUsers.AGENT_PASSWORD))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ApiSteps.findPhoneCall(ApiSteps.newCallId())))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                long referenceId = response.statusCode() == 200
                        ? mapper.readTree(response.body()).get("referenceId").asLong() : 0;
                if (response.statusCode() != 200 && response.statusCode() != 503) {
                    unexpected.add(response.statusCode() + " " + response.body());
                }
                outcomes.add(new long[] {response.statusCode(), referenceId});
            } catch (IOException e) {
                outcomes.add(new long[] {-1, 0});
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Set<Long> publishedReferenceIds(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Set<Long> referenceIds = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    var header = record.headers().lastHeader("referenceId");
                    referenceIds.add(Long.parseLong(new String(header.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        return referenceIds;
    }

    private static void awaitReady(int port, Process gateway) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && gateway.isAlive()) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet, or no response within 5 s while starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the gateway process did not become ready within 120 s");
    }

    private static String javaExecutable() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
