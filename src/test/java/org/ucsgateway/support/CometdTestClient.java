package org.ucsgateway.support;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.cometd.client.transport.ClientTransport;
import org.cometd.client.websocket.jakarta.WebSocketTransport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;

/**
 * A real CometD client that handshakes with Basic credentials, subscribes to the notification
 * channel and queues the data of every message it receives.
 */
public final class CometdTestClient implements AutoCloseable {

    /** Transport the client connects with. */
    public enum Transport { LONG_POLLING, WEBSOCKET }

    public static final String CHANNEL = "/v2/ucs/interactions";

    private final HttpClient httpClient = new HttpClient();
    private final BayeuxClient client;
    private final BlockingQueue<Map<String, Object>> notifications = new LinkedBlockingQueue<>();
    /** Every notification received, by referenceId, for {@link #awaitReference}. */
    private final Map<Long, Map<String, Object>> byReference = new java.util.concurrent.ConcurrentHashMap<>();
    private jakarta.websocket.WebSocketContainer webSocketContainer;

    private CometdTestClient(String url, String authorization, Transport transport) throws Exception {
        httpClient.start();
        ClientTransport clientTransport;
        if (transport == Transport.WEBSOCKET) {
            webSocketContainer = jakarta.websocket.ContainerProvider.getWebSocketContainer();
            clientTransport = new WebSocketTransport(null, null, webSocketContainer) {
                @Override
                protected void onHandshakeRequest(Map<String, java.util.List<String>> headers) {
                    headers.put("Authorization", java.util.List.of(authorization));
                }
            };
        } else {
            clientTransport = new JettyHttpClientTransport(null, httpClient) {
                @Override
                protected void customize(Request request) {
                    request.headers(headers -> headers.put(HttpHeader.AUTHORIZATION, authorization));
                }
            };
        }
        // Only the chosen transport is offered, so a failed WebSocket handshake cannot fall back to long-polling.
        client = new BayeuxClient(url, clientTransport);
    }

    /** Connects and subscribes; throws when the handshake or the subscription fails. */
    public static CometdTestClient connect(String url, String user, String password, Transport transport)
            throws Exception {
        CometdTestClient testClient = new CometdTestClient(url, TestGateway.basic(user, password), transport);
        testClient.handshakeAndSubscribe(CHANNEL);
        return testClient;
    }

    /** Returns whether a handshake with these credentials succeeds. */
    public static boolean canHandshake(String url, String user, String password) throws Exception {
        try (CometdTestClient testClient = new CometdTestClient(url, TestGateway.basic(user, password),
                Transport.LONG_POLLING)) {
            CountDownLatch done = new CountDownLatch(1);
            boolean[] successful = new boolean[1];
            testClient.client.handshake(reply -> {
                successful[0] = reply.isSuccessful();
                done.countDown();
            });
            if (!done.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("No handshake reply within 10 s");
            }
            return successful[0];
        }
    }

    /** Tries to subscribe to another channel and returns whether the server allowed it. */
    public boolean trySubscribe(String channel) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        boolean[] successful = new boolean[1];
        client.getChannel(channel).subscribe((c, message) -> receive(message.getDataAsMap()), reply -> {
            successful[0] = reply.isSuccessful();
            done.countDown();
        });
        if (!done.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("No subscribe reply within 10 s");
        }
        return successful[0];
    }

    /** Returns the name of the transport the client negotiated, such as websocket or long-polling. */
    public String transportName() {
        return client.getTransport().getName();
    }

    /** Returns the Bayeux session id; a new id means the client had to handshake again. */
    public String sessionId() {
        return client.getId();
    }

    /** Returns whether the client has a connected Bayeux session. */
    public boolean isConnected() {
        return client.isConnected();
    }

    /** Waits for the next notification, or returns null after the timeout. */
    public Map<String, Object> next(long timeout, TimeUnit unit) throws InterruptedException {
        return notifications.poll(timeout, unit);
    }

    /**
     * Waits for the notification with this referenceId, received before or during the wait, and
     * takes it; returns null after the timeout.
     */
    public Map<String, Object> awaitReference(long referenceId, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            Map<String, Object> data = byReference.remove(referenceId);
            if (data != null) {
                return data;
            }
            if (System.nanoTime() >= deadline) {
                return null;
            }
            Thread.sleep(20);
        }
    }

    private void receive(Map<String, Object> data) {
        notifications.add(data);
        if (data.get("referenceId") instanceof Number referenceId) {
            byReference.put(referenceId.longValue(), data);
        }
    }

    /** Returns the notifications received and not yet taken. */
    public BlockingQueue<Map<String, Object>> pending() {
        return notifications;
    }

    @Override
    public void close() throws Exception {
        client.disconnect(2000);
        httpClient.stop();
        if (webSocketContainer instanceof org.eclipse.jetty.util.component.LifeCycle lifeCycle) {
            lifeCycle.stop();
        }
    }

    private void handshakeAndSubscribe(String channel) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        String[] error = new String[1];
        client.handshake(reply -> {
            if (!reply.isSuccessful()) {
                error[0] = "handshake failed: " + reply;
                done.countDown();
                return;
            }
            ClientSessionChannel.MessageListener listener = (c, message) -> receive(message.getDataAsMap());
            client.getChannel(channel).subscribe(listener, subscribed -> {
                if (!subscribed.isSuccessful()) {
                    error[0] = "subscription failed: " + subscribed;
                }
                done.countDown();
            });
        });
        if (!done.await(15, TimeUnit.SECONDS)) {
            throw new IllegalStateException("CometD handshake and subscription did not complete within 15 s");
        }
        if (error[0] != null) {
            throw new IllegalStateException("CometD " + error[0]);
        }
    }
}
