package org.ucsgateway.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ucsgateway.security.PasswordHasher;
import org.ucsgateway.security.UserDirectory;

/**
 * Adds a user to a user store file, or updates it, with a PBKDF2 hash of its password. The
 * password comes from the environment variable UCS_NEW_PASSWORD, or else from the terminal or
 * the first line of standard input. It is never taken from the command line, because other users
 * of the machine could read it there.
 */
public final class AddUserCommand {

    private static final String USAGE = """
            Usage: java -jar target/ucs-gateway.jar add-user --file FILE --user NAME --contact-center ID [options]

              --file FILE            user store file to create or update (JSON)
              --user NAME            user name
              --contact-center ID    contact center of the user; created when missing
              --features LIST        comma-separated features added to the contact center,
                                     such as api-ucs-voice,api-voice (default: none added)
              --roles LIST           comma-separated roles of the user (default: agent)

            The password is read from the environment variable UCS_NEW_PASSWORD, or else from the
            terminal, or else from the first line of standard input.
            """;

    /** Runs the command and returns the process exit status. */
    public int run(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(USAGE);
            return 0;
        }
        Map<String, String> options = parse(args);
        if (options == null || !options.keySet().containsAll(List.of("file", "user", "contact-center"))) {
            System.err.print(USAGE);
            return 2;
        }

        String password = readPassword();
        if (password == null || password.isEmpty()) {
            System.err.println("No password: set UCS_NEW_PASSWORD or type it when asked.");
            return 2;
        }
        Path file = Path.of(options.get("file"));
        UserDirectory.addOrUpdateUser(file, options.get("user"), PasswordHasher.hash(password),
                options.get("contact-center"), list(options.getOrDefault("features", "")),
                list(options.getOrDefault("roles", "agent")));
        UserDirectory.load(file);
        System.err.println("User " + options.get("user") + " of contact center " + options.get("contact-center")
                + " written to " + file.toAbsolutePath());
        return 0;
    }

    private static String readPassword() throws Exception {
        String fromEnvironment = System.getenv("UCS_NEW_PASSWORD");
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Password: ");
            return typed == null ? null : new String(typed);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return in.readLine();
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                return null;
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
