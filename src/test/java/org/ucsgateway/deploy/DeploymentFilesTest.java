package org.ucsgateway.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ucsgateway.config.GatewayConfig;

/**
 * Checks docker-compose.yml and the Dockerfile against application.properties without Docker,
 * by reading the files as YAML and as text. Jackson's YAML reader does not resolve anchors or
 * merge keys, so these checks require the gateway services to be written out in full.
 */
class DeploymentFilesTest {

    private static final List<String> GATEWAYS = List.of("gateway-1", "gateway-2");
    private static final List<String> TOPIC_KEYS = List.of(GatewayConfig.REQUEST_TOPIC,
            GatewayConfig.RESPONSE_TOPIC, GatewayConfig.DEAD_LETTER_TOPIC);
    private static final String KAFKA_SERVICE = "kafka";
    private static final String POSTGRES_SERVICE = "postgres";
    private static final String USERS_FILE_SOURCE = "./deploy/users.json";
    private static final Pattern JDBC_POSTGRES_URL =
            Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*");
    private static final Pattern LISTENER = Pattern.compile("([A-Za-z0-9_]+)://([^:,]*):(\\d+)");

    private static Path projectDir;
    private static Properties defaults;
    private static JsonNode services;
    private static List<String> dockerfile;

    @BeforeAll
    static void readFiles() throws IOException {
        projectDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        defaults = new Properties();
        try (Reader reader = Files.newBufferedReader(projectDir.resolve("src/main/resources/application.properties"))) {
            defaults.load(reader);
        }
        JsonNode compose = new YAMLMapper().readTree(projectDir.resolve("docker-compose.yml").toFile());
        services = compose.path("services");
        dockerfile = readInstructions(projectDir.resolve("Dockerfile"));
    }

    // -----------------------------------------------------------------------------------------
    // docker-compose.yml
    // -----------------------------------------------------------------------------------------

    @Test
    void composeDefinesStackServices() {
        for (String name : List.of(KAFKA_SERVICE, "kafka-init", POSTGRES_SERVICE, "gateway-1", "gateway-2")) {
            assertTrue(services.has(name), "docker-compose.yml defines no service '" + name + "'");
        }
    }

    @Test
    void gatewaysPublishDistinctHostPorts() {
        String httpPort = defaultOf(GatewayConfig.HTTP_PORT);
        List<String> hostPorts = new ArrayList<>();
        for (String gateway : GATEWAYS) {
            JsonNode ports = service(gateway).path("ports");
            assertEquals(1, ports.size(), gateway + " must publish exactly one port, found " + ports);
            PortMapping mapping = PortMapping.parse(ports.get(0));
            assertNotNull(mapping.hostPort(), gateway + " publishes " + ports.get(0) + " without a host port");
            assertEquals(httpPort, mapping.containerPort(), gateway + " publishes container port "
                    + mapping.containerPort() + ", but the gateway listens on ucs.http.port " + httpPort);
            assertEquals("127.0.0.1", mapping.hostAddress(), gateway + " publishes its port on '"
                    + mapping.hostAddress() + "' instead of 127.0.0.1, which exposes it beyond the host");
            hostPorts.add(mapping.hostPort());
        }
        assertNotEquals(hostPorts.get(0), hostPorts.get(1),
                "gateway-1 and gateway-2 both publish host port " + hostPorts.get(0));
    }

    @Test
    void gatewayEnvironmentUsesConfigurationKeys() {
        Set<String> environmentNames = new LinkedHashSet<>();
        for (String key : defaults.stringPropertyNames()) {
            environmentNames.add(GatewayConfig.environmentName(key));
        }
        for (String gateway : GATEWAYS) {
            Map<String, String> environment = environment(gateway);
            assertFalse(environment.isEmpty(), gateway + " sets no environment variables");
            for (String name : environment.keySet()) {
                assertTrue(environmentNames.contains(name), gateway + " sets " + name
                        + ", which is the environment name of no key in application.properties, so the gateway ignores it");
            }
        }
    }

    @Test
    void gatewayBootstrapServersMatchKafkaListener() {
        Map<String, String> kafka = environment(KAFKA_SERVICE);
        Map<String, String> advertised = listenerAddresses(kafka.get("KAFKA_ADVERTISED_LISTENERS"));
        assertFalse(advertised.isEmpty(), "kafka sets no KAFKA_ADVERTISED_LISTENERS with host and port");
        List<String> controllerListeners = List.of(kafka.getOrDefault("KAFKA_CONTROLLER_LISTENER_NAMES", "").split(","));
        Set<String> clientAddresses = new LinkedHashSet<>();
        advertised.forEach((listener, address) -> {
            if (!controllerListeners.contains(listener)) {
                clientAddresses.add(address);
            }
        });
        Set<String> listeningPorts = new LinkedHashSet<>();
        listenerAddresses(kafka.get("KAFKA_LISTENERS")).values()
                .forEach(address -> listeningPorts.add(address.substring(address.lastIndexOf(':') + 1)));

        for (String gateway : GATEWAYS) {
            String bootstrapServers = environment(gateway).get(GatewayConfig.environmentName(GatewayConfig.KAFKA_BOOTSTRAP_SERVERS));
            assertNotNull(bootstrapServers, gateway + " sets no KAFKA_BOOTSTRAP_SERVERS, so it would start an embedded broker");
            for (String entry : bootstrapServers.split(",")) {
                String server = entry.strip();
                String host = server.substring(0, Math.max(0, server.lastIndexOf(':')));
                String port = server.substring(server.lastIndexOf(':') + 1);
                assertEquals(KAFKA_SERVICE, host, gateway + " bootstraps from '" + server
                        + "', which does not name the kafka service");
                assertTrue(clientAddresses.contains(server), gateway + " bootstraps from '" + server
                        + "', but kafka advertises its client listeners at " + clientAddresses);
                assertTrue(listeningPorts.contains(port), gateway + " bootstraps from port " + port
                        + ", but KAFKA_LISTENERS listens on ports " + listeningPorts);
            }
        }
    }

    @Test
    void gatewayJdbcSettingsMatchPostgres() {
        Map<String, String> postgres = environment(POSTGRES_SERVICE);
        for (String gateway : GATEWAYS) {
            Map<String, String> environment = environment(gateway);
            String url = environment.get(GatewayConfig.environmentName(GatewayConfig.JDBC_URL));
            assertNotNull(url, gateway + " sets no UCS_JDBC_URL, so it would use an H2 file database");
            Matcher matcher = JDBC_POSTGRES_URL.matcher(url);
            assertTrue(matcher.matches(), gateway + " sets UCS_JDBC_URL '" + url + "', which is no PostgreSQL JDBC URL");
            assertEquals(POSTGRES_SERVICE, matcher.group(1), gateway + " sets UCS_JDBC_URL '" + url
                    + "', which does not name the postgres service");
            assertEquals(postgres.get("POSTGRES_DB"), matcher.group(3), gateway + " connects to database '"
                    + matcher.group(3) + "', but postgres creates POSTGRES_DB '" + postgres.get("POSTGRES_DB") + "'");
            assertEquals(postgres.get("POSTGRES_USER"), environment.get("UCS_JDBC_USER"),
                    gateway + " sets UCS_JDBC_USER to another value than POSTGRES_USER of postgres");
            assertEquals(postgres.get("POSTGRES_PASSWORD"), environment.get("UCS_JDBC_PASSWORD"),
                    gateway + " sets UCS_JDBC_PASSWORD to another value than POSTGRES_PASSWORD of postgres");
        }
    }

    @Test
    void kafkaInitCreatesDefaultTopics() {
        List<String> createCommands = new ArrayList<>();
        for (String line : commandText(service("kafka-init")).replace("\\\n", " ").split("\n")) {
            if (line.contains("--create")) {
                createCommands.add(line);
            }
        }
        assertFalse(createCommands.isEmpty(), "kafka-init runs no kafka-topics.sh --create command");

        Set<String> expectedTopics = new LinkedHashSet<>();
        TOPIC_KEYS.forEach(key -> expectedTopics.add(defaultOf(key)));
        Set<String> createdTopics = new LinkedHashSet<>();
        for (String command : createCommands) {
            String topic = optionValue(command, "--topic");
            assertNotNull(topic, "kafka-init runs a create command without --topic: " + command);
            assertTrue(expectedTopics.contains(topic), "kafka-init creates topic '" + topic
                    + "', which is the default of none of " + TOPIC_KEYS + " " + expectedTopics);
            assertEquals(defaultOf(GatewayConfig.TOPIC_PARTITIONS), optionValue(command, "--partitions"),
                    "kafka-init creates '" + topic + "' with another partition count than ucs.kafka.topic-partitions");
            assertNotNull(optionValue(command, "--replication-factor"),
                    "kafka-init creates '" + topic + "' without an explicit --replication-factor");
            assertTrue(command.contains("--if-not-exists"),
                    "kafka-init creates '" + topic + "' without --if-not-exists, so a second run fails");
            createdTopics.add(topic);
        }
        for (String key : TOPIC_KEYS) {
            assertTrue(createdTopics.contains(defaultOf(key)),
                    "kafka-init does not create '" + defaultOf(key) + "', the default of " + key);
        }
    }

    @Test
    void gatewaysStartAfterKafkaInitAndPostgres() {
        for (String gateway : GATEWAYS) {
            JsonNode dependsOn = service(gateway).path("depends_on");
            assertTrue(dependsOn.isObject(), gateway + " has no depends_on map with conditions");
            assertEquals("service_completed_successfully", dependsOn.path("kafka-init").path("condition").asText(),
                    gateway + " does not wait for kafka-init to complete successfully");
            assertEquals("service_healthy", dependsOn.path(POSTGRES_SERVICE).path("condition").asText(),
                    gateway + " does not wait for postgres to be healthy");
        }
    }

    @Test
    void gatewaysUseProductionSettings() {
        Set<String> instanceIds = new LinkedHashSet<>();
        for (String gateway : GATEWAYS) {
            Map<String, String> environment = environment(gateway);
            assertEquals("false", environment.get(GatewayConfig.environmentName(GatewayConfig.CREATE_TOPICS)),
                    gateway + " does not set UCS_KAFKA_CREATE_TOPICS to false, so it would create topics itself");
            String instanceId = environment.get(GatewayConfig.environmentName(GatewayConfig.INSTANCE_ID));
            assertNotNull(instanceId, gateway + " sets no UCS_INSTANCE_ID");
            assertTrue(instanceIds.add(instanceId), gateway + " reuses UCS_INSTANCE_ID '" + instanceId
                    + "', so two instances would share one notification consumer group");
        }
    }

    @Test
    void gatewaysMountUserStoreReadOnly() {
        for (String gateway : GATEWAYS) {
            String usersFile = environment(gateway).get(GatewayConfig.environmentName(GatewayConfig.USERS_FILE));
            assertNotNull(usersFile, gateway + " sets no UCS_SECURITY_USERS_FILE, which a gateway with Kafka requires");
            JsonNode mount = null;
            for (JsonNode volume : service(gateway).path("volumes")) {
                if (volume.isObject() && usersFile.equals(volume.path("target").asText())) {
                    mount = volume;
                }
            }
            assertNotNull(mount, gateway + " mounts nothing at " + usersFile
                    + " in the long volume syntax (type, source, target)");
            assertEquals("bind", mount.path("type").asText(), gateway + " mounts " + usersFile + " not as a bind mount");
            assertEquals(USERS_FILE_SOURCE, mount.path("source").asText(),
                    gateway + " mounts " + usersFile + " from another file than " + USERS_FILE_SOURCE);
            assertTrue(mount.path("read_only").asBoolean(), gateway + " mounts " + usersFile + " writable");
            assertFalse(mount.path("bind").path("create_host_path").asBoolean(true), gateway + " lets Docker create"
                    + " a directory when " + USERS_FILE_SOURCE + " is missing (set bind.create_host_path: false)");
        }
    }

    // -----------------------------------------------------------------------------------------
    // Dockerfile
    // -----------------------------------------------------------------------------------------

    @Test
    void dockerfileBuildsInTwoStages() {
        long stages = dockerfile.stream().filter(line -> instruction(line).equals("FROM")).count();
        assertTrue(stages >= 2, "Dockerfile has " + stages + " FROM stage(s), expected a build and a runtime stage");
    }

    @Test
    void dockerfileRunsAsNonRootUser() {
        List<String> users = argumentsOf("USER", finalStage());
        assertFalse(users.isEmpty(), "the Dockerfile's final stage has no USER line, so the gateway runs as root");
        String user = users.get(users.size() - 1).split(":")[0].trim();
        assertNotEquals("root", user, "the Dockerfile's final stage runs as root");
        assertNotEquals("0", user, "the Dockerfile's final stage runs as uid 0");
    }

    @Test
    void dockerfileChecksReadiness() {
        List<String> healthChecks = argumentsOf("HEALTHCHECK", finalStage());
        assertEquals(1, healthChecks.size(), "the Dockerfile's final stage must have exactly one HEALTHCHECK");
        assertTrue(healthChecks.get(0).contains("/health/ready"),
                "the Dockerfile's HEALTHCHECK does not request /health/ready: " + healthChecks.get(0));
    }

    @Test
    void dockerfileExposesDefaultHttpPort() {
        List<String> exposed = argumentsOf("EXPOSE", finalStage());
        assertEquals(List.of(defaultOf(GatewayConfig.HTTP_PORT)), exposed,
                "the Dockerfile's EXPOSE differs from the default of ucs.http.port");
    }

    @Test
    void dockerfileListensOnAllAddresses() {
        String host = GatewayConfig.environmentName(GatewayConfig.HTTP_HOST);
        List<String> environment = argumentsOf("ENV", finalStage());
        assertTrue(environment.stream().anyMatch(value -> value.matches(".*\\b" + host + "[= ]0\\.0\\.0\\.0\\b.*")),
                "the Dockerfile does not set " + host + "=0.0.0.0, so the gateway is unreachable from outside the container");
    }

    @Test
    void dockerfileCopiesRoutes() {
        List<String> copies = argumentsOf("COPY", finalStage());
        assertTrue(copies.stream().anyMatch(arguments -> arguments.matches(".*\\broutes/?\\s+\\S*routes/?\\s*")),
                "the Dockerfile's final stage does not copy routes/ into the image: " + copies);
    }

    // -----------------------------------------------------------------------------------------
    // Helpers
    // -----------------------------------------------------------------------------------------

    private static JsonNode service(String name) {
        JsonNode service = services.path(name);
        if (!service.isObject()) {
            fail("docker-compose.yml defines no service '" + name + "'");
        }
        return service;
    }

    private static String defaultOf(String key) {
        String value = defaults.getProperty(key);
        assertNotNull(value, "application.properties does not define " + key);
        return value.trim();
    }

    /** Returns a service's environment, written either as a map or as a list of NAME=VALUE. */
    private static Map<String, String> environment(String serviceName) {
        JsonNode environment = service(serviceName).path("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (environment.isObject()) {
            environment.fields().forEachRemaining(entry -> result.put(entry.getKey(), entry.getValue().asText()));
        } else {
            for (JsonNode entry : environment) {
                String text = entry.asText();
                int separator = text.indexOf('=');
                if (separator < 0) {
                    result.put(text, "");
                } else {
                    result.put(text.substring(0, separator), text.substring(separator + 1));
                }
            }
        }
        return result;
    }

    /** Maps each listener name of a Kafka listener list to its host:port. */
    private static Map<String, String> listenerAddresses(String listeners) {
        Map<String, String> result = new LinkedHashMap<>();
        if (listeners != null) {
            Matcher matcher = LISTENER.matcher(listeners);
            while (matcher.find()) {
                result.put(matcher.group(1), matcher.group(2) + ":" + matcher.group(3));
            }
        }
        return result;
    }

    /** Returns a service's command as one text, list elements joined by line breaks. */
    private static String commandText(JsonNode service) {
        JsonNode command = service.path("command");
        if (command.isTextual()) {
            return command.asText();
        }
        List<String> parts = new ArrayList<>();
        command.forEach(part -> parts.add(part.asText()));
        return String.join("\n", parts);
    }

    /** Returns the value after an option such as --topic, without quotes, or null. */
    private static String optionValue(String command, String option) {
        Matcher matcher = Pattern.compile("(?:^|\\s)" + Pattern.quote(option) + "[\\s=]+['\"]?([^'\"\\s]+)").matcher(command);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** Reads a Dockerfile's instructions, one per element, with continuation lines joined and comments left out. */
    private static List<String> readInstructions(Path file) throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            instructions.add(current.toString().strip());
            current.setLength(0);
        }
        if (!current.isEmpty()) {
            instructions.add(current.toString().strip());
        }
        return instructions;
    }

    private static List<String> finalStage() {
        int lastFrom = -1;
        for (int i = 0; i < dockerfile.size(); i++) {
            if (instruction(dockerfile.get(i)).equals("FROM")) {
                lastFrom = i;
            }
        }
        assertTrue(lastFrom >= 0, "the Dockerfile has no FROM line");
        return dockerfile.subList(lastFrom, dockerfile.size());
    }

    private static String instruction(String line) {
        int space = line.indexOf(' ');
        return (space < 0 ? line : line.substring(0, space)).toUpperCase();
    }

    private static List<String> argumentsOf(String instruction, List<String> lines) {
        List<String> result = new ArrayList<>();
        for (String line : lines) {
            if (instruction(line).equals(instruction)) {
                result.add(line.substring(instruction.length()).strip());
            }
        }
        return result;
    }

    /** One entry of a service's ports, in the short ("[ip:]host:container[/protocol]") or the long syntax. */
    private record PortMapping(String hostAddress, String hostPort, String containerPort) {

        static PortMapping parse(JsonNode entry) {
            if (entry.isObject()) {
                return new PortMapping(textOrNull(entry.path("host_ip")), textOrNull(entry.path("published")),
                        entry.path("target").asText());
            }
            String text = entry.asText();
            int protocol = text.indexOf('/');
            if (protocol >= 0) {
                text = text.substring(0, protocol);
            }
            int lastColon = text.lastIndexOf(':');
            if (lastColon < 0) {
                return new PortMapping(null, null, text);
            }
            String containerPort = text.substring(lastColon + 1);
            String host = text.substring(0, lastColon);
            int hostColon = host.lastIndexOf(':');
            if (hostColon < 0) {
                return new PortMapping(null, host, containerPort);
            }
            String address = host.substring(0, hostColon).replace("[", "").replace("]", "");
            return new PortMapping(address, host.substring(hostColon + 1), containerPort);
        }

        private static String textOrNull(JsonNode node) {
            return node.isMissingNode() || node.isNull() ? null : node.asText();
        }
    }
}
