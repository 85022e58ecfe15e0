package org.ucsgateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/** The listen command against a gateway that stops, and against an address where none runs. */
class ListenCommandIT {

    @Test
    void gatewayStopEndsListen() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        AtomicInteger exitStatus = new AtomicInteger(-1);
        TestGateway gateway = TestGateway.start(Store.H2);
        Thread listener;
        try {
            String url = gateway.notificationsUrl();
            listener = new Thread(() -> exitStatus.set(runListen(out, "--url", url, "--user", TestUsers.AGENT,
                    "--password", TestUsers.AGENT_PASSWORD)));
            listener.start();

            // Listening is known to have started once a notification was printed.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (output.size() == 0 && System.nanoTime() < deadline) {
                ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                        ApiSteps.findPhoneCall(ApiSteps.newCallId())));
                Thread.sleep(500);
            }
            assertFalse(output.toString(StandardCharsets.UTF_8).isEmpty(), "listen printed no notification");
        } finally {
            gateway.close();
        }

        listener.join(20_000);
        assertFalse(listener.isAlive(), "listen still runs after the gateway stopped");
        assertEquals(1, exitStatus.get());
    }

    @Test
    void unreachableGatewayEndsListen() throws Exception {
        int port = TestGateway.freePort();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = runListen(new PrintStream(output, true, StandardCharsets.UTF_8),
                "--url", "http://127.0.0.1:" + port + "/api/v2/notifications", "--timeout", "20");
        assertEquals(1, status);
        assertEquals("", output.toString(StandardCharsets.UTF_8));
    }

    private static int runListen(PrintStream out, String... args) {
        try {
            return new ListenCommand().run(args, out);
        } catch (Exception e) {
            return 99;
        }
    }
}
