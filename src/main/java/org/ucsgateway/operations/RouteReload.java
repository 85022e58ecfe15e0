package org.ucsgateway.operations;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.ucsgateway.config.GatewayConfig;

/**
 * Decides whether the route files are reloaded when they change, and turns that decision into
 * Camel Main properties.
 *
 * <p>Reloading replaces only the routes of the changed file
 * ({@code camel.main.routes-reload-remove-all-routes=false}), so the HTTP listener, the CometD
 * sessions and the Kafka consumers of other files keep running. A route whose id was renamed in
 * the edited file is added under its new id. The route with the old id keeps running until the
 * next restart, because only routes with the ids found in the file are replaced.
 */
public final class RouteReload {

    private RouteReload() {
    }

    /**
     * Returns whether reloading is on: the value of {@code ucs.routes.reload} when set, otherwise
     * on in the embedded development mode only.
     *
     * @throws IllegalArgumentException when the key is neither empty, true nor false
     */
    public static boolean enabled(GatewayConfig config, boolean developmentMode) {
        String value = config.get(GatewayConfig.ROUTES_RELOAD).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "" -> developmentMode;
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("Configuration key " + GatewayConfig.ROUTES_RELOAD
                    + " must be true, false or empty, not '" + value + "'");
        };
    }

    /** Returns the Camel Main properties that switch reloading on for the route folder, or none when off. */
    public static Map<String, String> mainProperties(boolean enabled, Path routesDir) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (!enabled) {
            return properties;
        }
        properties.put("camel.main.routes-reload-enabled", "true");
        properties.put("camel.main.routes-reload-directory", routesDir.toAbsolutePath().toString());
        properties.put("camel.main.routes-reload-pattern", "*.xml");
        properties.put("camel.main.routes-reload-remove-all-routes", "false");
        return properties;
    }
}
