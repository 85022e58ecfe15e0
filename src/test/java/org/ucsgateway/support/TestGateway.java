package org.ucsgateway.support;

import java.io.IOException;
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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ucsgateway.Gateway;
import org.ucsgateway.config.GatewayConfig;

/**
 * A gateway started inside the test JVM on the test Kafka broker, with topics of its own, a free
 * HTTP port on 127.0.0.1, the test users, and either an H2 store in a temporary folder or a
 * schema of its own on the test PostgreSQL server.
 */
public final class TestGateway implements AutoCloseable {

    /**
     * Setting of {@link #start(Store, Map)} that names the topics and the adapter group, so that
     * two gateways can share them; it is not a gateway setting.
     */
    public static final String TOPIC_PREFIX = "test.topic-prefix";

    /** Store that a test gateway runs on. */
    public enum Store { H2, POSTGRESQL }

    private final Gateway gateway;
    private final int port;
    private final String requestTopic;
    private final String responseTopic;
    private final String deadLetterTopic;
    private final String adapterGroupId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway(Gateway gateway, int port, String prefix) {
        this.gateway = gateway;
        this.port = port;
        this.requestTopic = prefix + ".requests";
        this.responseTopic = prefix + ".responses";
        this.deadLetterTopic = prefix + ".dead-letter";
        this.adapterGroupId = prefix + "-adapter";
    }

    /**
     * Returns settings for gateways that share topics, the adapter group and an H2 file store,
     * as instances of one deployment do; pass them to each {@link #start(Store, Map)}.
     */
    public static Map<String, String> sharedDeployment() throws IOException {
        String prefix = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        String jdbcUrl = "jdbc:h2:file:" + Files.createTempDirectory("ucs-shared-store").resolve("ucs")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        return Map.of(TOPIC_PREFIX, prefix, GatewayConfig.JDBC_URL, jdbcUrl);
    }

    public static TestGateway start(Store store) throws Exception {
        return start(store, Map.of());
    }

    /** Starts a gateway; {@code extra} overrides any other setting. */
    public static TestGateway start(Store store, Map<String, String> extra) throws Exception {
        Path folder = Files.createTempDirectory("ucs-test-gateway");
        String prefix = extra.getOrDefault(TOPIC_PREFIX, "test-" + UUID.randomUUID().toString().substring(0, 8));
        int port = freePort();

        Map<String, String> overrides = new HashMap<>();
        overrides.put(GatewayConfig.HTTP_HOST, "127.0.0.1");
        overrides.put(GatewayConfig.HTTP_PORT, String.valueOf(port));
        overrides.put(GatewayConfig.DATA_DIR, folder.toString());
        overrides.put(GatewayConfig.KAFKA_BOOTSTRAP_SERVERS, TestKafka.bootstrapServers());
        overrides.put(GatewayConfig.REQUEST_TOPIC, prefix + ".requests");
        overrides.put(GatewayConfig.RESPONSE_TOPIC, prefix + ".responses");
        overrides.put(GatewayConfig.DEAD_LETTER_TOPIC, prefix + ".dead-letter");
        overrides.put(GatewayConfig.TOPIC_PARTITIONS, "3");
        overrides.put(GatewayConfig.ADAPTER_GROUP_ID, prefix + "-adapter");
        overrides.put(GatewayConfig.USERS_FILE, TestUsers.write(folder).toString());
        overrides.put(GatewayConfig.ROUTES_DIR, Path.of("routes").toAbsolutePath().toString());
        if (store == Store.POSTGRESQL) {
            TestPostgres.Server server = TestPostgres.server()
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL server for this test"));
            overrides.put(GatewayConfig.JDBC_URL, server.url());
            overrides.put(GatewayConfig.JDBC_USER, server.user());
            overrides.put(GatewayConfig.JDBC_PASSWORD, server.password());
            overrides.put(GatewayConfig.JDBC_SCHEMA, TestPostgres.newSchema(server));
        } else {
            overrides.put(GatewayConfig.JDBC_URL, "jdbc:h2:file:" + folder.resolve("store/ucs")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        }
        overrides.putAll(extra);
        overrides.remove(TOPIC_PREFIX);

        Gateway gateway = new Gateway(GatewayConfig.load(overrides)).start();
        return new TestGateway(gateway, port, prefix);
    }

    public Gateway gateway() {
        return gateway;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String notificationsUrl() {
        return baseUrl() + "/api/v2/notifications";
    }

    public String requestTopic() {
        return requestTopic;
    }

    public String responseTopic() {
        return responseTopic;
    }

    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    /** POSTs a JSON body to a path of the API with Basic credentials. */
    public HttpResponse<String> post(String path, String user, String password, String body) throws Exception {
        return post(path, user, password, "application/json", body);
    }

    /** POSTs a body with the given Content-Type; null user sends no credentials, null type no Content-Type. */
    public HttpResponse<String> post(String path, String user, String password, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (user != null) {
            request.header("Authorization", basic(user, password));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the number of records written to a topic so far: the sum of its partitions' end offsets. */
    public long recordCount(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = newConsumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            return consumer.endOffsets(partitions, Duration.ofSeconds(10)).values().stream()
                    .mapToLong(Long::longValue).sum();
        }
    }

    /** Sends a record to a topic as another producer would, bypassing the ingress. */
    public void produce(String topic, String key, byte[] value, Map<String, String> headers) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Sends records to a topic in the given order through one producer, as another application would. */
    public void produceAll(String topic, Map<String, byte[]> recordsByKey) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            for (Map.Entry<String, byte[]> record : recordsByKey.entrySet()) {
                producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue()));
            }
            producer.flush();
        }
    }

    /**
     * Returns, for each partition of the request topic, the end offset minus the offset that the
     * adapter group committed (the whole partition when it committed none).
     */
    public Map<Integer, Long> adapterLagByPartition() throws Exception {
        Map<Integer, Long> lag = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = newConsumer();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(adapterGroupId)
                    .partitionsToOffsetAndMetadata().get(10, java.util.concurrent.TimeUnit.SECONDS);
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(requestTopic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(requestTopic, info.partition()));
            }
            consumer.endOffsets(partitions, Duration.ofSeconds(10)).forEach((partition, end) -> {
                OffsetAndMetadata offset = committed.get(partition);
                lag.put(partition.partition(), end - (offset == null ? 0 : offset.offset()));
            });
        }
        return lag;
    }

    /** Reads every record of a topic from the beginning, waiting until at least {@code expected} arrived. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = newConsumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Writes one record to a topic of the test broker and waits for the acknowledgement. */
    public void sendRecord(String topic, String key, byte[] value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Sends a GET to a path of the listener without credentials. */
    public HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        gateway.close();
    }

    private static KafkaConsumer<String, byte[]> newConsumer() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config);
    }

    /** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
