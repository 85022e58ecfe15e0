package org.ucsgateway.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * The baseline the gateway's ingress is measured against: a Jetty 12 core handler and a
 * KafkaProducer with acks=all and idempotence, doing the least the ingress must do. It reads the
 * body without blocking, checks the Authorization header, parses the JSON, sends a request record
 * keyed by callId and responds {"statusCode":0,"referenceId":N} from the producer's callback.
 * Arguments: port, bootstrap servers, topic, expected Authorization header value.
 */
public final class BaselineServer {

    private static final int MAX_BODY_BYTES = 64 * 1024;

    private BaselineServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("Usage: BaselineServer PORT BOOTSTRAP_SERVERS TOPIC AUTHORIZATION");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String bootstrapServers = args[1];
        String topic = args[2];
        String authorization = args[3];

        createTopic(bootstrapServers, topic);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(bootstrapServers));

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new IngressHandler(producer, topic, authorization));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                e.printStackTrace();
            }
            producer.close();
        }, "baseline-shutdown"));
        System.out.println("READY 127.0.0.1:" + port);
        System.out.flush();
        server.join();
    }

    /**
     * The acks, idempotence and timeouts that application.properties sets on the gateway's Kafka
     * component. Other settings keep the kafka-clients defaults.
     */
    static Properties producerProperties(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    private static void createTopic(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** POST /api/v2/ucs/interactions: parse, send, respond after the acknowledgement. */
    private static final class IngressHandler extends Handler.Abstract.NonBlocking {

        private final KafkaProducer<String, byte[]> producer;
        private final String topic;
        private final String authorization;
        private final ObjectMapper mapper = new ObjectMapper();
        private final AtomicLong referenceIds = new AtomicLong(1000);

        IngressHandler(KafkaProducer<String, byte[]> producer, String topic, String authorization) {
            this.producer = producer;
            this.topic = topic;
            this.authorization = authorization;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!"POST".equals(request.getMethod())
                    || !"/api/v2/ucs/interactions".equals(request.getHttpURI().getPath())) {
                answer(response, callback, 404, "{\"statusCode\":6,\"statusMessage\":\"Resource not found\"}");
                return true;
            }
            if (!authorization.equals(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                answer(response, callback, 401, "{\"statusCode\":20,\"statusMessage\":\"Not authenticated\"}");
                return true;
            }
            // The producer's send only blocks when its buffer is full or the topic metadata is missing.
            Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES,
                    Promise.Invocable.from(InvocationType.NON_BLOCKING, (body, failure) -> {
                        if (failure != null) {
                            answer(response, callback, 400, "{\"statusCode\":2,\"statusMessage\":\"Unreadable body\"}");
                            return;
                        }
                        publish(body, response, callback);
                    }));
            return true;
        }

        private void publish(byte[] body, Response response, Callback callback) {
            String callId;
            byte[] value;
            long referenceId = referenceIds.getAndIncrement();
            try {
                JsonNode request = mapper.readTree(body);
                callId = request.path("callId").asText("");
                if (callId.isEmpty()) {
                    answer(response, callback, 400, "{\"statusCode\":1,\"statusMessage\":\"Missing callId\"}");
                    return;
                }
                ObjectNode record = mapper.createObjectNode();
                record.put("schemaVersion", 1);
                record.put("referenceId", referenceId);
                record.put("operationName", "FindPhoneCall");
                record.put("receivedAt", Instant.now().toString());
                record.set("parameters", request);
                value = mapper.writeValueAsBytes(record);
            } catch (Exception e) {
                answer(response, callback, 400, "{\"statusCode\":2,\"statusMessage\":\"Invalid JSON\"}");
                return;
            }
            producer.send(new ProducerRecord<>(topic, callId, value), (metadata, exception) -> {
                if (exception != null) {
                    answer(response, callback, 503, "{\"statusCode\":4,\"statusMessage\":\"Kafka unavailable\"}");
                } else {
                    answer(response, callback, 200, "{\"statusCode\":0,\"referenceId\":" + referenceId + "}");
                }
            });
        }

        private static void answer(Response response, Callback callback, int status, String json) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, json, callback);
        }
    }

    /** Returns the Basic Authorization header value for a user name and password. */
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
