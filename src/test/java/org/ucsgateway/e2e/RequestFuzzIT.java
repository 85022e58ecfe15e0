package org.ucsgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.ucsgateway.support.HostileRequests;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;

/**
 * Seeded fuzzing of request bodies over real HTTP. Each try takes a valid body of the corpus in
 * {@code src/test/resources/fuzz/corpus}, applies up to three mutations (drop, duplicate,
 * retype, rename or nest a member, truncate, inject bytes) and asserts that the response is 200
 * with statusCode 0, or a 4xx with a statusCode and a statusMessage, and never a 5xx. The number
 * of records on the request topic must always equal the number of statusCode 0 answers. Seed and
 * tries are in {@code fuzz/fuzz.properties}; {@code fuzz/regressions.txt} replays earlier finds.
 */
class RequestFuzzIT {

    private static final String SEED = "4207561983";
    private static final int TRIES = 2000;
    /** Tries between two comparisons of the request topic with the accepted requests. */
    private static final int COUNT_CHECK_INTERVAL = 250;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> CORPUS = List.of("find-phone-call.json", "set-call-contact.json",
            "set-call-note.json", "set-call-completed.json", "identify-ucs-contact.json");
    /** Replacement values of every JSON type and of sizes around the limits. */
    private static final List<String> VALUES = List.of("null", "true", "false", "0", "-1", "1.5", "1e400",
            "12345678901234567890", "0.1234567890123456789", "\"\"", "\" \"", "\"InProcess\"", "\"x\"",
            "\"" + "x".repeat(300) + "\"", "\"" + "y".repeat(16_385) + "\"", "[]", "{}", "[1,\"a\",null]",
            "{\"a\":{\"b\":{}}}", "\"\\u0000\"", "\"\\u001b[31m\"", "\"\\ud800\"", "\"\\ud83d\\ude00\"",
            "\"0000DaA3G4VF000Q\"", "\"/contacts/0000DaA3G4VF000Q\"", "86400", "86401", "\"true\"");
    private static final List<String> NAMES = List.of("", " ", "OPERATIONNAME", "callid", "userData ",
            "\ud83d\ude00", "n".repeat(256), "__proto__", "constructor", "$where", "a.b", "CamelHttpResponseCode");
    private static final List<byte[]> INJECTIONS = List.of(new byte[] {0}, new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, new byte[] {(byte) 0xF0, (byte) 0x9F},
            bytes("\""), bytes("{"), bytes("}"), bytes("["), bytes(","), bytes(":"), bytes("\\"), bytes("\\u0000"),
            bytes("/*x*/"), bytes("//"), bytes(" "), bytes("\n"), bytes("\t"), bytes("null"), bytes("NaN"),
            bytes("'"), bytes("\r\n\r\n"), bytes("\u00e9"));

    private static TestGateway gateway;
    private static final Map<String, JsonNode> BASES = new TreeMap<>();
    private static final AtomicLong SENT = new AtomicLong();
    private static final AtomicLong ACCEPTED = new AtomicLong();

    enum Kind { DROP, DUPLICATE, RETYPE, RENAME, NEST, TRUNCATE, INJECT }

    /** One mutation: its kind, the member or byte position it applies to, and the value it picks. */
    record Mutation(Kind kind, int position, int choice) {
    }

    @BeforeContainer
    static void startGateway() throws Exception {
        for (String name : CORPUS) {
            BASES.put(name, MAPPER.readTree(resource("fuzz/corpus/" + name)));
        }
        gateway = TestGateway.start(Store.H2);
    }

    @AfterContainer
    static void stopGateway() {
        if (gateway != null) {
            try {
                assertEquals(ACCEPTED.get(), gateway.recordCount(gateway.requestTopic()),
                        "records on the request topic differ from the statusCode 0 answers");
            } finally {
                gateway.close();
            }
        }
    }

    @Example
    void seedAndTriesMatchResource() throws Exception {
        Properties settings = new Properties();
        settings.load(new java.io.ByteArrayInputStream(resource("fuzz/fuzz.properties")));
        Method fuzz = RequestFuzzIT.class.getDeclaredMethod("mutatedRequestIsAnsweredCleanly", String.class,
                List.class);
        Property property = fuzz.getAnnotation(Property.class);
        assertEquals(settings.getProperty("seed"), property.seed(), "seed in fuzz.properties and @Property");
        assertEquals(Integer.parseInt(settings.getProperty("tries")), property.tries(), "tries");
    }

    @Example
    void regressionsAreAnsweredCleanly() throws Exception {
        String[] lines = new String(resource("fuzz/regressions.txt"), StandardCharsets.UTF_8).split("\n");
        int replayed = 0;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            assertAnsweredCleanly(BASES.get(parts[0]).get("path").asText(), Base64.getDecoder().decode(parts[1]));
            replayed++;
        }
        assertTrue(replayed > 0, "fuzz/regressions.txt has no inputs");
    }

    @Property(seed = SEED, tries = TRIES, shrinking = ShrinkingMode.OFF)
    void mutatedRequestIsAnsweredCleanly(@ForAll("corpusNames") String base,
                                         @ForAll("mutations") List<Mutation> mutations) throws Exception {
        JsonNode entry = BASES.get(base);
        byte[] body = mutate((ObjectNode) entry.get("body").deepCopy(), mutations);
        int status = assertAnsweredCleanly(entry.get("path").asText(), body);
        Statistics.collect(status);
    }

    @Provide
    Arbitrary<String> corpusNames() {
        return Arbitraries.of(CORPUS);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(0, 1000)).as(Mutation::new);
        return mutation.list().ofMinSize(0).ofMaxSize(3);
    }

    /** Sends the body, checks the response and returns its HTTP status. */
    private static int assertAnsweredCleanly(String path, byte[] body) throws Exception {
        HttpResponse<String> response = HostileRequests.post(gateway, path, "application/json", body, Map.of());
        long sent = SENT.incrementAndGet();
        String input = "input " + path + " " + Base64.getEncoder().encodeToString(body);
        int status = response.statusCode();
        JsonNode answer = MAPPER.readTree(response.body());

        if (status == 200) {
            assertEquals(0, answer.path("statusCode").asInt(-1), input + " answer " + response.body());
            assertTrue(answer.path("referenceId").isIntegralNumber(), input + " answer " + response.body());
            ACCEPTED.incrementAndGet();
        } else {
            assertTrue(status >= 400, "HTTP " + status + " for " + input + " answer " + response.body());
            assertTrue(status < 500, "HTTP " + status + " for " + input + " answer " + response.body());
            assertTrue(answer.path("statusCode").isInt(), input + " answer " + response.body());
            assertTrue(answer.get("statusCode").asInt() > 0, input + " answer " + response.body());
            assertFalse(answer.path("statusMessage").asText("").isBlank(), input + " answer " + response.body());
            HostileRequests.assertNoInternals(response);
        }
        if (sent % COUNT_CHECK_INTERVAL == 0) {
            assertEquals(ACCEPTED.get(), gateway.recordCount(gateway.requestTopic()),
                    "records on the request topic differ from the statusCode 0 answers after " + sent + " requests");
        }
        return status;
    }

    /** Applies the member mutations to the tree, then the byte mutations to its serialization. */
    static byte[] mutate(ObjectNode body, List<Mutation> mutations) throws IOException {
        for (Mutation mutation : mutations) {
            ObjectNode target = body;
            if (mutation.choice() % 3 == 0 && body.path("userData").isObject() && !body.get("userData").isEmpty()) {
                target = (ObjectNode) body.get("userData");
            }
            applyToTree(target, mutation);
        }
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        for (Mutation mutation : mutations) {
            bytes = applyToBytes(body, bytes, mutation);
        }
        return bytes;
    }

    private static void applyToTree(ObjectNode target, Mutation mutation) throws IOException {
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            return;
        }
        String name = names.get(mutation.position() % names.size());
        switch (mutation.kind()) {
            case DROP -> target.remove(name);
            case RETYPE -> target.set(name, MAPPER.readTree(VALUES.get(mutation.choice() % VALUES.size())));
            case RENAME -> {
                JsonNode value = target.remove(name);
                target.set(NAMES.get(mutation.choice() % NAMES.size()), value);
            }
            case NEST -> {
                int depth = mutation.choice() % 24 + 1;
                JsonNode value = target.get(name);
                for (int i = 0; i < depth; i++) {
                    value = mutation.choice() % 2 == 0 ? MAPPER.createArrayNode().add(value)
                            : MAPPER.createObjectNode().set("v", value);
                }
                target.set(name, value);
            }
            default -> {
                // Byte mutations run after the tree is serialized.
            }
        }
    }

    private static byte[] applyToBytes(ObjectNode body, byte[] bytes, Mutation mutation) throws IOException {
        int at = mutation.position() % (bytes.length + 1);
        switch (mutation.kind()) {
            case TRUNCATE -> {
                return Arrays.copyOf(bytes, at);
            }
            case INJECT -> {
                byte[] injected = INJECTIONS.get(mutation.choice() % INJECTIONS.size());
                return concat(Arrays.copyOf(bytes, at), injected, Arrays.copyOfRange(bytes, at, bytes.length));
            }
            case DUPLICATE -> {
                Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
                if (!fields.hasNext() || bytes.length == 0 || bytes[0] != '{') {
                    return bytes;
                }
                Map.Entry<String, JsonNode> field = fields.next();
                byte[] member = bytes(MAPPER.writeValueAsString(field.getKey()) + ":"
                        + MAPPER.writeValueAsString(field.getValue()) + ",");
                return concat(new byte[] {'{'}, member, Arrays.copyOfRange(bytes, 1, bytes.length));
            }
            default -> {
                return bytes;
            }
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RequestFuzzIT.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " is missing");
            }
            return in.readAllBytes();
        }
    }
}
