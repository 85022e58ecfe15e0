package org.ucsgateway.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-node Kafka broker in KRaft mode (broker and controller in one process) running inside
 * the gateway's JVM. It listens on 127.0.0.1 only and keeps its log in a folder that survives
 * restarts, so that records accepted before a restart are still consumed after it.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    /** Logger of Kafka's NetworkClient, which the broker's own clients use too. */
    static final String NETWORK_CLIENT_LOGGER = "org.apache.kafka.clients.NetworkClient";
    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    /**
     * @param logDir folder of the broker's log and metadata; created and formatted on first use
     * @param port client port, or 0 to take a free port
     */
    public EmbeddedKafkaBroker(Path logDir, int port) {
        this.logDir = logDir.toAbsolutePath();
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = freePort();
    }

    /** Formats the log folder when it is new, starts the broker and waits until it serves clients. */
    public void start() throws Exception {
        requireFree(port, "client port (ucs.embedded-kafka.port, environment UCS_EMBEDDED_KAFKA_PORT; 0 takes a free port)");
        requireFree(controllerPort, "controller port");
        Files.createDirectories(logDir);
        KafkaConfig config = new KafkaConfig(brokerProperties(), false);
        format(config);

        long started = System.nanoTime();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        awaitReady();
        LOG.info("Embedded Kafka broker started bootstrapServers={} logDir={} startMs={}",
                bootstrapServers(), logDir, (System.nanoTime() - started) / 1_000_000);
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /**
     * Stops the broker. Kafka 3.9.1's broker warns "Attempting to close NetworkClient that has already
     * been closed" at every stop, so NetworkClient's warnings are muted while it stops. The gateway
     * stops the broker after its own Kafka clients, whose warnings therefore stay visible.
     */
    @Override
    public void close() {
        if (server == null) {
            return;
        }
        if (LoggerFactory.getLogger(NETWORK_CLIENT_LOGGER) instanceof ch.qos.logback.classic.Logger networkClient) {
            Level configured = networkClient.getLevel();
            networkClient.setLevel(Level.ERROR);
            try {
                shutdownServer();
            } finally {
                networkClient.setLevel(configured);
            }
        } else {
            shutdownServer();
        }
        LOG.info("Embedded Kafka broker stopped bootstrapServers={}", bootstrapServers());
    }

    private void shutdownServer() {
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    private Properties brokerProperties() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "3");
        props.put("auto.create.topics.enable", "false");
        return props;
    }

    private void format(KafkaConfig config) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(NODE_ID)
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toString())
                .setDirectories(List.of(logDir.toString()))
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setIgnoreFormatted(true)
                .run();
        LOG.info("Embedded Kafka log folder formatted logDir={}", logDir);
    }

    private void awaitReady() throws InterruptedException {
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        long deadline = System.nanoTime() + 60_000_000_000L;
        try (Admin admin = Admin.create(adminConfig)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get().isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Embedded Kafka broker did not become ready within 60 s", e);
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Fails with a message naming the setting when a port is taken, because the broker would log
     * the bind failure and stop without letting the gateway exit.
     */
    private static void requireFree(int port, String portName) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("Embedded Kafka broker cannot listen on " + HOST + ":" + port
                    + ", the " + portName + ": the port is in use, for example by a local Kafka; choose another port", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port on " + HOST, e);
        }
    }
}
