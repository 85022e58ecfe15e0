package org.ucsgateway.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Connects to the gateway's CometD endpoint as one user over long-polling and prints each
 * notification's data as one JSON line on standard output. Status lines go to standard error.
 * When the gateway ends the session or the connection to it fails, for example because it
 * stops, the command exits with status 1.
 */
public final class ListenCommand {

    private static final String USAGE = """
            Usage: java -jar target/ucs-gateway.jar listen [options]

              --url URL          CometD endpoint (default http://127.0.0.1:8080/api/v2/notifications)
              --user NAME        user name (default: environment UCS_USER, else agent)
              --password SECRET  password (default: environment UCS_PASSWORD, else agent)
              --channel NAME     notification channel (default /v2/ucs/interactions)
              --count N          exit after N notifications (default: run until interrupted)
              --timeout SECONDS  exit with status 1 when nothing more arrives for this long (default: none)

            Exits with status 1 when the gateway ends the session or the connection to it fails,
            for example because it stops.
            """;

    private static final java.util.Set<String> OPTIONS = java.util.Set.of("url", "user", "password", "channel", "count",
            "timeout");

    private final ObjectMapper mapper = new ObjectMapper();

    /** Runs the command, printing to standard output, and returns the process exit status. */
    public int run(String[] args) throws Exception {
        return run(args, System.out);
    }

    /** Runs the command, printing notifications to {@code out}, and returns the process exit status. */
    public int run(String[] args, PrintStream out) throws Exception {
        if (List.of(args).contains("--help")) {
            out.print(USAGE);
            return 0;
        }
        Map<String, String> options = parse(args);
        if (options == null) {
            System.err.print(USAGE);
            return 2;
        }
        String url = options.getOrDefault("url", "http://127.0.0.1:8080/api/v2/notifications");
        String user = options.getOrDefault("user", envOr("UCS_USER", "agent"));
        String password = options.getOrDefault("password", envOr("UCS_PASSWORD", "agent"));
        String channel = options.getOrDefault("channel", "/v2/ucs/interactions");
        int count;
        long timeoutSeconds;
        try {
            count = Integer.parseInt(options.getOrDefault("count", "0"));
            timeoutSeconds = Long.parseLong(options.getOrDefault("timeout", "0"));
        } catch (NumberFormatException e) {
            System.err.println("Invalid number in --count or --timeout: " + e.getMessage());
            return 2;
        }
        return listen(url, user, password, channel, count, timeoutSeconds, out);
    }

    private int listen(String url, String user, String password, String channel, int count, long timeoutSeconds,
               PrintStream out) throws Exception {
        HttpClient httpClient = new HttpClient();
        httpClient.start();
        String authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        BayeuxClient client = new BayeuxClient(url, new JettyHttpClientTransport(null, httpClient) {
            @Override
            protected void customize(Request request) {
                request.headers(headers -> headers.put(HttpHeader.AUTHORIZATION, authorization));
            }
        });

        AtomicInteger received = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicBoolean connected = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        // The gateway ends the session with a disconnect message when it stops. When it closed the
        // connection first, the client's next connect fails instead.
        client.getChannel(Channel.META_DISCONNECT).addListener((ClientSessionChannel.MessageListener) (c, message) -> {
            if (!stopping.get() && failed.compareAndSet(false, true)) {
                System.err.println("The gateway at " + url + " ended the session, for example because it stopped;"
                        + " run listen again once it is back");
                done.countDown();
            }
        });
        client.getChannel(Channel.META_CONNECT).addListener((ClientSessionChannel.MessageListener) (c, message) -> {
            if (message.isSuccessful()) {
                connected.set(true);
            } else if (connected.get() && !stopping.get() && failed.compareAndSet(false, true)) {
                System.err.println("Lost the connection to the gateway at " + url + ", for example because it stopped;"
                        + " run listen again once it is back");
                done.countDown();
            }
        });
        try {
            client.handshake(reply -> {
                if (!reply.isSuccessful()) {
                    // The client retries a failed handshake until it disconnects, and each retry replies here.
                    if (failed.compareAndSet(false, true)) {
                        System.err.println(handshakeFailure(reply, user, url));
                    }
                    done.countDown();
                    return;
                }
                client.getChannel(channel).subscribe((c, message) -> {
                    print(out, message.getData());
                    if (count > 0 && received.incrementAndGet() >= count) {
                        done.countDown();
                    }
                }, subscribed -> {
                    if (subscribed.isSuccessful()) {
                        System.err.println("Listening as " + user + " on " + channel + " at " + url);
                    } else {
                        System.err.println("Subscription to " + channel + " failed: " + subscribed.get("error"));
                        failed.set(true);
                        done.countDown();
                    }
                });
            });
            boolean finished = await(done, received, timeoutSeconds);
            return finished && !failed.get() ? 0 : 1;
        } finally {
            stopping.set(true);
            client.disconnect(1000);
            httpClient.stop();
        }
    }

    /** Describes a failed handshake: the gateway could not be reached, or it rejected the user. */
    private static String handshakeFailure(Message reply, String user, String url) {
        if (reply.get("failure") instanceof Map<?, ?> failure
                && failure.get("exception") instanceof Throwable cause) {
            return "Cannot reach the gateway at " + url + ": " + cause.getMessage()
                    + "; check that it runs and the URL";
        }
        return "Handshake failed for user " + user + " at " + url + ": check the user name, the password and the URL";
    }

    private synchronized void print(PrintStream out, Object data) {
        try {
            out.println(mapper.writeValueAsString(data));
            out.flush();
        } catch (Exception e) {
            System.err.println("Notification could not be printed: " + e.getMessage());
        }
    }

    /** Waits until done; with a timeout, returns false once a whole timeout passes without a notification. */
    private static boolean await(CountDownLatch done, AtomicInteger received, long timeoutSeconds)
            throws InterruptedException {
        if (timeoutSeconds <= 0) {
            done.await();
            return true;
        }
        int seen = received.get();
        while (!done.await(timeoutSeconds, TimeUnit.SECONDS)) {
            int now = received.get();
            if (now == seen) {
                System.err.println("No notification arrived within " + timeoutSeconds + " s");
                return false;
            }
            seen = now;
        }
        return true;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !OPTIONS.contains(arg.substring(2)) || i + 1 >= args.length) {
                System.err.println("Unknown option or missing value: " + arg);
                return null;
            }
            options.put(arg.substring(2), args[++i]);
        }
        return options;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
