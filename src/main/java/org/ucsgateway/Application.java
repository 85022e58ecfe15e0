package org.ucsgateway;

import java.util.Arrays;
import java.util.Map;

import org.slf4j.LoggerFactory;
import org.ucsgateway.cli.AddUserCommand;
import org.ucsgateway.cli.ListenCommand;
import org.ucsgateway.cli.ValidateCommand;
import org.ucsgateway.config.GatewayConfig;

/**
 * Command line entry point. Without arguments it runs the gateway; {@code listen} prints the
 * notifications of one user as JSON lines, {@code add-user} edits a user store file, and
 * {@code validate} checks the configuration and the route files.
 */
public final class Application {

    private static final String USAGE = """
            Usage: java -jar target/ucs-gateway.jar [command]

            Commands:
              (none)    run the gateway; configuration from application.properties and the environment
              listen    print the CometD notifications of one user, one JSON line each
                        (java -jar target/ucs-gateway.jar listen --help for its options)
              add-user  add or update a user in a user store file
                        (java -jar target/ucs-gateway.jar add-user --help for its options)
              validate  check the configuration and the route files without starting anything
                        (java -jar target/ucs-gateway.jar validate --help for its options)
              help      print this text
            """;

    private Application() {
    }

    /** Runs the gateway and ends the process with status 1 when it cannot start or fails. */
    private static void runGateway() {
        try {
            new Gateway(GatewayConfig.load(Map.of())).run();
        } catch (Exception e) {
            LoggerFactory.getLogger(Application.class).error("Gateway failed: {}", e.getMessage(), e);
            System.exit(1);
        }
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "run" : args[0];
        String[] options = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "run" -> runGateway();
            case "listen" -> System.exit(new ListenCommand().run(options));
            case "add-user" -> System.exit(new AddUserCommand().run(options));
            case "validate" -> System.exit(new ValidateCommand().run(options));
            case "help", "--help", "-h" -> System.out.print(USAGE);
            default -> {
                System.err.println("Unknown command '" + command + "'.");
                System.err.print(USAGE);
                System.exit(2);
            }
        }
    }
}
