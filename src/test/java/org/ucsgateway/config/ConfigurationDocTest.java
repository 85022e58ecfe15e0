package org.ucsgateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/configuration.md and application.properties list the same keys with the same defaults. */
class ConfigurationDocTest {

    /** A table row: | `key` | `default` or empty | meaning |. */
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (?:`([^`]*)`|(empty)) \\|");

    private static Map<String, String> properties;
    private static Map<String, String> documented;

    @BeforeAll
    static void read() throws Exception {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            file.load(in);
        }
        properties = new TreeMap<>();
        file.stringPropertyNames().forEach(key -> properties.put(key, file.getProperty(key).trim()));

        documented = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("docs/configuration.md"), StandardCharsets.UTF_8)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                String previous = documented.put(row.group(1), row.group(2) != null ? row.group(2) : "");
                assertEquals(null, previous, "key documented twice: " + row.group(1));
            }
        }
    }

    @Test
    void everyPropertyIsDocumented() {
        Set<String> missing = new TreeSet<>(properties.keySet());
        missing.removeAll(documented.keySet());
        assertTrue(missing.isEmpty(), "keys of application.properties missing from docs/configuration.md: " + missing);
    }

    @Test
    void everyDocumentedKeyExists() {
        Set<String> unknown = new TreeSet<>(documented.keySet());
        unknown.removeAll(properties.keySet());
        assertTrue(unknown.isEmpty(), "keys of docs/configuration.md missing from application.properties: " + unknown);
    }

    @Test
    void defaultsAgree() {
        properties.forEach((key, value) -> {
            if (documented.containsKey(key)) {
                assertEquals(value, documented.get(key), "default of " + key);
            }
        });
    }

    @Test
    void tableIsRead() {
        assertTrue(documented.size() >= 40, "rows read from docs/configuration.md: " + documented.size());
        assertEquals("8080", documented.get("ucs.http.port"));
        assertEquals("", documented.get("kafka.bootstrap.servers"));
    }
}
