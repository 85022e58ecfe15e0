package org.ucsgateway.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.operations.ConfigValidator;
import org.ucsgateway.operations.GatewayBeans;
import org.ucsgateway.operations.RouteValidator;
import org.ucsgateway.operations.ValidationProblem;

/**
 * {@code validate}: checks the configuration and every route file without starting the gateway,
 * and prints one line per error as {@code file:line: message}. Exit code 0 when all is valid, 1
 * when errors were found, 2 for invalid options.
 */
public final class ValidateCommand {

    private static final String USAGE = """
            Usage: java -jar target/ucs-gateway.jar validate [--routes DIR]

            Checks application.properties with the environment's overrides, and every *.xml route
            file of DIR, without connecting to Kafka or the store and without opening a port.

              --routes DIR  folder of the route files (default: the value of ucs.routes.dir, routes)
              --help        print this text
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> overrides;

    public ValidateCommand() {
        this(System.out, System.err, Map.of());
    }

    /** Creates the command with its output streams and configuration overrides, for tests. */
    public ValidateCommand(PrintStream out, PrintStream err, Map<String, String> overrides) {
        this.out = out;
        this.err = err;
        this.overrides = overrides;
    }

    /** Runs the command and returns its exit code. */
    public int run(String[] options) throws Exception {
        String routes = null;
        for (int i = 0; i < options.length; i++) {
            switch (options[i]) {
                case "--routes" -> {
                    if (i + 1 >= options.length) {
                        err.println("Missing value for --routes.");
                        err.print(USAGE);
                        return 2;
                    }
                    routes = options[++i];
                }
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return 0;
                }
                default -> {
                    err.println("Unknown option '" + options[i] + "'.");
                    err.print(USAGE);
                    return 2;
                }
            }
        }

        GatewayConfig config = GatewayConfig.load(overrides);
        Path routesDir = Path.of(routes != null ? routes : config.get(GatewayConfig.ROUTES_DIR));
        List<ValidationProblem> problems = new ArrayList<>(ConfigValidator.validate(config));
        // A value reported above would also fail every endpoint that uses it, so the route files
        // are checked with the packaged value in its place.
        Map<String, String> routeSettings = new HashMap<>(config.asMap());
        GatewayConfig packaged = GatewayConfig.packaged();
        for (String key : ConfigValidator.invalidKeys(config)) {
            routeSettings.put(key, packaged.get(key));
        }
        problems.addAll(new RouteValidator(routeSettings, GatewayBeans.types()).validate(routesDir));
        for (ValidationProblem problem : problems) {
            err.println(problem);
        }
        if (!problems.isEmpty()) {
            err.println(problems.size() + " error(s) in the configuration and the route files in " + routesDir);
            return 1;
        }
        out.println("The configuration and the route files in " + routesDir + " are valid");
        return 0;
    }
}
