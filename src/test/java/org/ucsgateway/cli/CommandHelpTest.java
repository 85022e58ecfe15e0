package org.ucsgateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The --help option of the listen and add-user commands: usage on standard output, exit status 0. */
class CommandHelpTest {

    @Test
    void listenHelpPrintsUsage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = new ListenCommand().run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertEquals(0, status);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Usage: "), text);
        assertTrue(text.contains("--user"), text);
    }

    @Test
    void addUserHelpPrintsUsage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream standardOut = System.out;
        int status;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            status = new AddUserCommand().run(new String[] {"--help"});
        } finally {
            System.setOut(standardOut);
        }

        assertEquals(0, status);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Usage: "), text);
        assertTrue(text.contains("--contact-center"), text);
    }
}
