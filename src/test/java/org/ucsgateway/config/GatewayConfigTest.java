package org.ucsgateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    @Test
    void environmentNameUpperCasesAndReplacesSeparators() {
        assertEquals("UCS_HTTP_PORT", GatewayConfig.environmentName("ucs.http.port"));
        assertEquals("KAFKA_BOOTSTRAP_SERVERS", GatewayConfig.environmentName("kafka.bootstrap.servers"));
        assertEquals("UCS_KAFKA_PUBLISH_TIMEOUT_MS", GatewayConfig.environmentName("ucs.kafka.publish-timeout-ms"));
    }

    @Test
    void defaultsComeFromApplicationProperties() {
        GatewayConfig config = GatewayConfig.load(Map.of());
        assertEquals("/v2/ucs/interactions", config.get(GatewayConfig.NOTIFICATION_CHANNEL));
        assertEquals("ucs-adapter", config.get(GatewayConfig.ADAPTER_GROUP_ID));
        assertEquals(5000, config.getLong(GatewayConfig.PUBLISH_TIMEOUT_MS));
    }

    @Test
    void overridesWin() {
        GatewayConfig config = GatewayConfig.load(Map.of(GatewayConfig.HTTP_PORT, " 9999 "));
        assertEquals(9999, config.getInt(GatewayConfig.HTTP_PORT));
    }

    @Test
    void undefinedKeyIsRejected() {
        GatewayConfig config = GatewayConfig.load(Map.of());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> config.get("ucs.nope"));
        assertTrue(error.getMessage().contains("ucs.nope"));
    }

    @Test
    void nonNumericValueNamesKey() {
        GatewayConfig config = GatewayConfig.load(Map.of(GatewayConfig.HTTP_PORT, "eighty"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> config.getInt(GatewayConfig.HTTP_PORT));
        assertTrue(error.getMessage().contains(GatewayConfig.HTTP_PORT));
        assertTrue(error.getMessage().contains("eighty"));
    }

    @Test
    void withPrefixStripsPrefix() {
        GatewayConfig config = GatewayConfig.load(Map.of("kafka.security.protocol", "SASL_SSL"));
        Map<String, String> kafka = config.withPrefix("kafka.");
        assertEquals("SASL_SSL", kafka.get("security.protocol"));
        assertTrue(kafka.containsKey("bootstrap.servers"));
    }
}
