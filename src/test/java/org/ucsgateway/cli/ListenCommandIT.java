package org.ucsgateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.TcpProxy;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/** The listen command against a gateway that stops, a connection that fails, and an address where none runs. */
class ListenCommandIT {

    @Test
    void gatewayStopEndsListen() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        AtomicInteger exitStatus = new AtomicInteger(-1);
        TestGateway gateway = TestGateway.start(Store.H2);
        Thread listener;
        try {
            listener = startListen(out, gateway.notificationsUrl(), exitStatus);
            awaitPrinted(gateway, output);
        } finally {
            gateway.close();
        }

        listener.join(20_000);
        assertFalse(listener.isAlive(), "listen still runs after the gateway stopped");
        assertEquals(1, exitStatus.get());
    }

    @Test
    void lostConnectionEndsListen() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        AtomicInteger exitStatus = new AtomicInteger(-1);
        try (TestGateway gateway = TestGateway.start(Store.H2);
             TcpProxy proxy = new TcpProxy(URI.create(gateway.notificationsUrl()).getPort())) {
            proxy.start();
            Thread listener = startListen(out, "http://127.0.0.1:" + proxy.port() + "/api/v2/notifications", exitStatus);
            awaitPrinted(gateway, output);

            // The gateway keeps running. Only the connection fails, with no disconnect message.
            proxy.stop();
            listener.join(30_000);
            assertFalse(listener.isAlive(), "listen still runs after its connection failed");
            assertEquals(1, exitStatus.get());
        }
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

    /** Starts listen as the test agent on a thread of its own, which sets the exit status when it ends. */
    private static Thread startListen(PrintStream out, String url, AtomicInteger exitStatus) {
        Thread listener = new Thread(() -> exitStatus.set(runListen(out, "--url", url, "--user", TestUsers.AGENT,
                "--password", TestUsers.AGENT_PASSWORD)));
        listener.start();
        return listener;
    }

    /** Posts requests until listen printed a notification, which shows that it listens. */
    private static void awaitPrinted(TestGateway gateway, ByteArrayOutputStream output) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (output.size() == 0 && System.nanoTime() < deadline) {
            ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                    ApiSteps.findPhoneCall(ApiSteps.newCallId())));
            Thread.sleep(500);
        }
        assertFalse(output.toString(StandardCharsets.UTF_8).isEmpty(), "listen printed no notification");
    }

    private static int runListen(PrintStream out, String... args) {
        try {
            return new ListenCommand().run(args, out);
        } catch (Exception e) {
            return 99;
        }
    }
}
