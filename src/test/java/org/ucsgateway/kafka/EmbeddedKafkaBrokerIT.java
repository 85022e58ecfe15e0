package org.ucsgateway.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EmbeddedKafkaBrokerIT {

    @Test
    void stopLogsNoNetworkClientWarning() throws Exception {
        Logger networkClient = (Logger) LoggerFactory.getLogger(EmbeddedKafkaBroker.NETWORK_CLIENT_LOGGER);
        Level configured = networkClient.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        networkClient.addAppender(captured);
        Path logDir = Files.createTempDirectory("ucs-embedded-kafka");
        try {
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDir, 0);
            broker.start();
            broker.close();

            List<String> warnings = captured.list.stream()
                    .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
            assertEquals(List.of(), warnings);
            assertEquals(configured, networkClient.getLevel(), "the logger level was not restored after the stop");
        } finally {
            networkClient.detachAppender(captured);
        }
    }
}
