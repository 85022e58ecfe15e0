package org.ucsgateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/** The log of a real gateway start and request, captured from the root logger. */
class LoggingIT {

    private static final String JDBC_PASSWORD = "jdbc-pw-7f3a9c";
    private static final String TRUSTSTORE_PASSWORD = "truststore-pw-51be02";
    private static final String JAAS_SECRET = "jaas-secret-c08d4e";

    @Test
    void logHidesSecretsAndTagsRequests() throws Exception {
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        captured.start();
        root.addAppender(captured);
        String callId = ApiSteps.newCallId();
        try {
            Map<String, String> secrets = Map.of(
                    GatewayConfig.JDBC_USER, "sa",
                    GatewayConfig.JDBC_PASSWORD, JDBC_PASSWORD,
                    "kafka.ssl.truststore.password", TRUSTSTORE_PASSWORD,
                    "kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                            + "username=\"ucs\" password=\"" + JAAS_SECRET + "\";");
            try (TestGateway gateway = TestGateway.start(Store.H2, secrets)) {
                ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                        ApiSteps.findPhoneCall(callId)));
                awaitEvent(captured, "FindPhoneCall done");
                String forgedLine = "{\"operationName\":\"Find\\n10:00:00.000 INFO forged line\"}";
                assertEquals(400, gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                        forgedLine).statusCode());
            }
        } finally {
            root.detachAppender(captured);
        }
        List<ILoggingEvent> events = new ArrayList<>(captured.list);

        for (ILoggingEvent event : events) {
            String text = render(event);
            for (String secret : new String[] {JDBC_PASSWORD, TRUSTSTORE_PASSWORD, JAAS_SECRET}) {
                assertFalse(text.contains(secret), "secret in log line: " + text);
            }
        }

        ILoggingEvent starting = find(events, "Gateway starting").orElseThrow();
        assertTrue(starting.getFormattedMessage().contains("ucs.jdbc.password=" + ConfigSummary.MASK),
                starting.getFormattedMessage());
        assertTrue(starting.getFormattedMessage().contains("ucs.http.host=127.0.0.1"), starting.getFormattedMessage());

        ILoggingEvent accepted = find(events, "Request accepted").orElseThrow();
        assertEquals(TestUsers.AGENT, accepted.getMDCPropertyMap().get(RequestMdc.USER), accepted.toString());
        assertEquals(callId, accepted.getMDCPropertyMap().get(RequestMdc.CALL_ID), accepted.toString());
        assertTrue(accepted.getMDCPropertyMap().containsKey(RequestMdc.REFERENCE_ID), accepted.toString());

        ILoggingEvent done = find(events, "FindPhoneCall done").orElseThrow();
        assertEquals(TestUsers.AGENT, done.getMDCPropertyMap().get(RequestMdc.USER), done.toString());
        assertEquals(callId, done.getMDCPropertyMap().get(RequestMdc.CALL_ID), done.toString());
        assertEquals(accepted.getMDCPropertyMap().get(RequestMdc.REFERENCE_ID),
                done.getMDCPropertyMap().get(RequestMdc.REFERENCE_ID), done.toString());

        ILoggingEvent rejected = find(events, "Request rejected").orElseThrow();
        String rejectedText = rejected.getFormattedMessage();
        assertTrue(rejectedText.contains("httpStatus=400 statusCode=2 method=POST path=" + ApiSteps.INTERACTIONS),
                rejectedText);
        assertTrue(rejectedText.contains("'Find?10:00:00.000 INFO forged line'"), rejectedText);
        assertFalse(rejectedText.contains("\n"), rejectedText);
        assertEquals(TestUsers.AGENT, rejected.getMDCPropertyMap().get(RequestMdc.USER), rejected.toString());

        for (String component : new String[] {"Store opened", "CometD endpoint configured", "Gateway configured",
                "Store closed", "Metrics stopped", "Gateway stopped"}) {
            assertTrue(find(events, component).isPresent(), "no log line '" + component + "'");
        }
    }

    private static Optional<ILoggingEvent> find(List<ILoggingEvent> events, String prefix) {
        return events.stream().filter(event -> event.getFormattedMessage().startsWith(prefix)).findFirst();
    }

    /** Returns the message, the MDC, the arguments and the throwable chain of an event as one text. */
    private static String render(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage()).append(' ').append(event.getMDCPropertyMap());
        for (IThrowableProxy proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
            text.append(' ').append(proxy.getMessage());
        }
        return text.toString();
    }

    private static void awaitEvent(ListAppender<ILoggingEvent> captured, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (find(new ArrayList<>(captured.list), prefix).isPresent()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no log line '" + prefix + "' within 30 s");
    }
}
