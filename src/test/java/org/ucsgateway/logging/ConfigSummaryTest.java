package org.ucsgateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigSummaryTest {

    @Test
    void placeholdersShowTheSettingValue() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ucs.kafka.publish-timeout-ms", "5000");
        settings.put("camel.component.kafka.max-block-ms", "{{ucs.kafka.publish-timeout-ms}}");
        settings.put("camel.component.kafka.brokers", "{{kafka.bootstrap.servers}}");

        assertEquals("camel.component.kafka.brokers={{kafka.bootstrap.servers}}"
                + " camel.component.kafka.max-block-ms=5000 ucs.kafka.publish-timeout-ms=5000",
                ConfigSummary.of(settings));
    }

    @Test
    void placeholderOfASecretStaysMasked() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ucs.jdbc.password", "s3cret");
        settings.put("camel.component.sql.login", "user:{{ucs.jdbc.password}}");
        settings.put("ucs.jdbc.user", "");

        assertEquals("camel.component.sql.login=user:" + ConfigSummary.MASK + " ucs.jdbc.password=" + ConfigSummary.MASK
                + " ucs.jdbc.user=", ConfigSummary.of(settings));
    }
}
