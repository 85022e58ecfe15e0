package org.ucsgateway.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Open-loop load with end-to-end timing: POSTs FindPhoneCall at a fixed rate, whatever the answer
 * times, and times each request from its scheduled send time to the HTTP answer and to the CometD
 * notification with the same referenceId. Timing from the scheduled time keeps a slow answer from
 * delaying the next request and hiding its own cost (coordinated omission).
 */
final class OpenLoopLoad implements AutoCloseable {

    /** Timings of one run, in nanoseconds; index i is the i-th scheduled request. */
    static final class Result {
        final long startNs;
        final int scheduled;
        final long[] scheduledNs;
        final long[] answeredNs;
        final long[] notifiedNs;
        final int[] status;

        Result(long startNs, int scheduled) {
            this.startNs = startNs;
            this.scheduled = scheduled;
            this.scheduledNs = new long[scheduled];
            this.answeredNs = new long[scheduled];
            this.notifiedNs = new long[scheduled];
            this.status = new int[scheduled];
        }
    }

    private final String baseUrl;
    private final String authorization;
    private final HttpClient httpClient;
    private final HttpClient cometdHttpClient;
    private final BayeuxClient bayeux;
    /**
     * Run and index of the request that received each referenceId, for matching notifications. A
     * request of a warm-up run may receive its response during the next run, so each entry names
     * its run.
     */
    private final Map<Long, Sent> sentByReferenceId = new ConcurrentHashMap<>();
    /** Notifications that arrived before the HTTP answer carrying their referenceId. */
    private final Map<Long, Long> earlyNotifications = new ConcurrentHashMap<>();
    private final AtomicLong notifications = new AtomicLong();

    OpenLoopLoad(String baseUrl, String authorization, int connections) throws Exception {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
        QueuedThreadPool executor = new QueuedThreadPool(32, 4);
        executor.setName("load-http");
        httpClient = new HttpClient();
        httpClient.setExecutor(executor);
        httpClient.setMaxConnectionsPerDestination(connections);
        httpClient.setMaxRequestsQueuedPerDestination(1_000_000);
        httpClient.setIdleTimeout(60_000);
        httpClient.start();

        cometdHttpClient = new HttpClient();
        cometdHttpClient.start();
        bayeux = new BayeuxClient(baseUrl + "/api/v2/notifications", new JettyHttpClientTransport(null, cometdHttpClient) {
            @Override
            protected void customize(Request request) {
                request.headers(headers -> headers.put(HttpHeader.AUTHORIZATION, authorization));
            }
        });
        subscribe("/v2/ucs/interactions");
    }

    private void subscribe(String channel) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        String[] error = new String[1];
        bayeux.handshake(reply -> {
            if (!reply.isSuccessful()) {
                error[0] = "handshake failed: " + reply;
                done.countDown();
                return;
            }
            bayeux.getChannel(channel).subscribe((c, message) -> onNotification(message.getDataAsMap()), subscribed -> {
                if (!subscribed.isSuccessful()) {
                    error[0] = "subscription failed: " + subscribed;
                }
                done.countDown();
            });
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("CometD handshake and subscription did not complete within 30 s");
        }
        if (error[0] != null) {
            throw new IllegalStateException("CometD " + error[0]);
        }
    }

    private void onNotification(Map<String, Object> data) {
        long now = System.nanoTime();
        notifications.incrementAndGet();
        Object value = data.get("referenceId");
        if (!(value instanceof Number number)) {
            return;
        }
        long referenceId = number.longValue();
        synchronized (sentByReferenceId) {
            Sent sent = sentByReferenceId.remove(referenceId);
            if (sent != null) {
                sent.result().notifiedNs[sent.index()] = now;
            } else {
                earlyNotifications.put(referenceId, now);
            }
        }
    }

    /**
     * Sends {@code rate} requests per second for {@code seconds}, then waits up to
     * {@code drainSeconds} for missing answers and notifications.
     */
    Result run(String callIdPrefix, int rate, int seconds, int drainSeconds) throws InterruptedException {
        int count = rate * seconds;
        Result result = new Result(System.nanoTime(), count);
        sentByReferenceId.clear();
        earlyNotifications.clear();
        AtomicLong outstanding = new AtomicLong(count);
        double intervalNs = 1e9 / rate;
        for (int i = 0; i < count; i++) {
            long scheduled = result.startNs + (long) (i * intervalNs);
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            result.scheduledNs[i] = scheduled;
            send(result, i, callIdPrefix + "-" + i, outstanding);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        while (System.nanoTime() < deadline && (outstanding.get() > 0 || !sentByReferenceId.isEmpty())) {
            Thread.sleep(50);
        }
        return result;
    }

    private void send(Result result, int index, String callId, AtomicLong outstanding) {
        String body = "{\"operationName\":\"FindPhoneCall\",\"callId\":\"" + callId + "\",\"status\":\"InProcess\","
                + "\"contactId\":\"0000DaA3G4VF000Q\",\"phoneNumber\":\"1231231231\",\"type\":\"Inbound\","
                + "\"parentId\":\"XXXDDDD\",\"threadId\":\"A34XX6BA0FX\",\"userData\":{\"key1\":\"value1\",\"key2\":\"value2\"}}";
        httpClient.newRequest(baseUrl + "/api/v2/ucs/interactions")
                .method(HttpMethod.POST)
                .headers(headers -> headers.put(HttpHeader.AUTHORIZATION, authorization))
                .body(new StringRequestContent("application/json", body, StandardCharsets.UTF_8))
                .timeout(30, TimeUnit.SECONDS)
                .send(new BufferingResponseListener(4096) {
                    @Override
                    public void onComplete(org.eclipse.jetty.client.Result httpResult) {
                        long now = System.nanoTime();
                        result.answeredNs[index] = now;
                        if (httpResult.isFailed()) {
                            result.status[index] = -1;
                        } else {
                            result.status[index] = httpResult.getResponse().getStatus();
                            long referenceId = referenceIdOf(getContentAsString());
                            if (referenceId >= 0) {
                                synchronized (sentByReferenceId) {
                                    Long early = earlyNotifications.remove(referenceId);
                                    if (early != null) {
                                        result.notifiedNs[index] = early;
                                    } else {
                                        sentByReferenceId.put(referenceId, new Sent(result, index));
                                    }
                                }
                            }
                        }
                        outstanding.decrementAndGet();
                    }
                });
    }

    /** Reads N from {"statusCode":0,"referenceId":N}; -1 when absent. */
    static long referenceIdOf(String json) {
        int at = json.indexOf("\"referenceId\":");
        if (at < 0) {
            return -1;
        }
        int start = at + "\"referenceId\":".length();
        int end = start;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return end > start ? Long.parseLong(json.substring(start, end)) : -1;
    }

    long notificationCount() {
        return notifications.get();
    }

    /** Latencies in nanoseconds of the requests scheduled in [fromNs, toNs) that reached the given stage. */
    static List<long[]> latencies(Result result, long fromNs, long toNs) {
        List<Long> answer = new ArrayList<>();
        List<Long> endToEnd = new ArrayList<>();
        for (int i = 0; i < result.scheduled; i++) {
            long scheduled = result.scheduledNs[i];
            if (scheduled < fromNs || scheduled >= toNs) {
                continue;
            }
            if (result.status[i] == 200) {
                answer.add(result.answeredNs[i] - scheduled);
                if (result.notifiedNs[i] != 0) {
                    endToEnd.add(result.notifiedNs[i] - scheduled);
                }
            }
        }
        return List.of(answer.stream().mapToLong(Long::longValue).toArray(),
                endToEnd.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public void close() throws Exception {
        bayeux.disconnect(2000);
        cometdHttpClient.stop();
        httpClient.stop();
    }

    private record Sent(Result result, int index) {
    }
}
