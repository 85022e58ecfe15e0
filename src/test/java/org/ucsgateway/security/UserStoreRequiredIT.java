package org.ucsgateway.security;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ucsgateway.Gateway;
import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.support.TestKafka;

/** Outside the embedded development mode the gateway refuses to start without a user store. */
class UserStoreRequiredIT {

    @Test
    void externalKafkaWithoutUserStoreRefusesToStart() throws Exception {
        Path folder = Files.createTempDirectory("ucs-no-users");
        Map<String, String> settings = Map.of(
                GatewayConfig.KAFKA_BOOTSTRAP_SERVERS, TestKafka.bootstrapServers(),
                GatewayConfig.DATA_DIR, folder.toString(),
                GatewayConfig.USERS_FILE, "",
                GatewayConfig.HTTP_PORT, "0");

        Gateway gateway = new Gateway(GatewayConfig.load(settings));
        IllegalStateException error = assertThrows(IllegalStateException.class, gateway::start);
        gateway.close();

        assertTrue(error.getMessage().contains(GatewayConfig.USERS_FILE), error.getMessage());
        assertTrue(Files.notExists(folder.resolve("users.json")), "a demo user store was created");
    }
}
