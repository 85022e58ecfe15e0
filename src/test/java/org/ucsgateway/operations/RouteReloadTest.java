package org.ucsgateway.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ucsgateway.config.GatewayConfig;

class RouteReloadTest {

    @Test
    void emptyFollowsDevelopmentMode() {
        GatewayConfig config = GatewayConfig.load(Map.of(GatewayConfig.ROUTES_RELOAD, ""));
        assertTrue(RouteReload.enabled(config, true));
        assertFalse(RouteReload.enabled(config, false));
    }

    @Test
    void explicitValueWins() {
        GatewayConfig on = GatewayConfig.load(Map.of(GatewayConfig.ROUTES_RELOAD, "TRUE"));
        GatewayConfig off = GatewayConfig.load(Map.of(GatewayConfig.ROUTES_RELOAD, "false"));
        assertTrue(RouteReload.enabled(on, false));
        assertFalse(RouteReload.enabled(off, true));
    }

    @Test
    void invalidValueNamesKey() {
        GatewayConfig config = GatewayConfig.load(Map.of(GatewayConfig.ROUTES_RELOAD, "yes"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RouteReload.enabled(config, true));
        assertTrue(error.getMessage().contains(GatewayConfig.ROUTES_RELOAD), error.getMessage());
        assertTrue(error.getMessage().contains("yes"), error.getMessage());
    }

    @Test
    void propertiesKeepOtherRoutes() {
        Map<String, String> properties = RouteReload.mainProperties(true, Path.of("/srv/routes"));
        assertEquals("true", properties.get("camel.main.routes-reload-enabled"));
        assertEquals("/srv/routes", properties.get("camel.main.routes-reload-directory"));
        assertEquals("false", properties.get("camel.main.routes-reload-remove-all-routes"));
        assertEquals("*.xml", properties.get("camel.main.routes-reload-pattern"));
    }

    @Test
    void disabledGivesNoProperties() {
        assertTrue(RouteReload.mainProperties(false, Path.of("/srv/routes")).isEmpty());
    }
}
