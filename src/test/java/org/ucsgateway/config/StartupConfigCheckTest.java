package org.ucsgateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ucsgateway.Gateway;

/**
 * The gateway refuses to start with a value that the validate command rejects, and names the
 * setting to fix, before it starts a broker or writes to its data folder.
 */
class StartupConfigCheckTest {

    @ParameterizedTest
    @CsvSource({
        "ucs.adapter.enabled, maybe, UCS_ADAPTER_ENABLED",
        "ucs.security.csrf.enabled, yes, UCS_SECURITY_CSRF_ENABLED",
        "ucs.kafka.adapter-consumers, 0, UCS_KAFKA_ADAPTER_CONSUMERS",
        "ucs.kafka.adapter-consumers, abc, UCS_KAFKA_ADAPTER_CONSUMERS"
    })
    void invalidValueStopsTheStart(String key, String value, String variable) throws Exception {
        Path folder = Files.createTempDirectory("ucs-config-check");
        // A broker address where nothing listens, so a start that got past the check would fail too.
        Map<String, String> settings = Map.of(key, value,
                GatewayConfig.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:1",
                GatewayConfig.HTTP_HOST, "127.0.0.1",
                GatewayConfig.HTTP_PORT, "0",
                GatewayConfig.DATA_DIR, folder.toString());

        Gateway gateway = new Gateway(GatewayConfig.load(settings));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, gateway::start);
        gateway.close();

        assertTrue(error.getMessage().contains(key), error.getMessage());
        assertTrue(error.getMessage().contains(variable), error.getMessage());
        try (var entries = Files.list(folder)) {
            assertEquals(0, entries.count(), "the data folder is not empty");
        }
    }
}
