package org.ucsgateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ucsgateway.config.GatewayConfig;

class ValidateCommandTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shippedRoutesExitZero() throws Exception {
        int code = command(Map.of()).run(new String[] {"--routes", "routes"});
        assertEquals(0, code, text(err));
        assertTrue(text(out).contains("are valid"), text(out));
    }

    @Test
    void brokenRouteExitsOneWithFileAndLine() throws Exception {
        Path file = folder.resolve("broken.xml");
        Files.writeString(file, "<camel>\n  <route id=\"a\">\n    <from uri=\"direct:a\"/>\n    <to uri=\"nope:x\"/>\n"
                + "  </route>\n</camel>\n", StandardCharsets.UTF_8);
        int code = command(Map.of()).run(new String[] {"--routes", folder.toString()});
        assertEquals(1, code);
        assertTrue(text(err).contains(file + ":4: Unknown endpoint scheme 'nope'"), text(err));
    }

    @Test
    void invalidConfigurationExitsOne() throws Exception {
        int code = command(Map.of(GatewayConfig.HTTP_PORT, "eighty")).run(new String[] {"--routes", "routes"});
        assertEquals(1, code);
        assertTrue(text(err).contains("application.properties:"), text(err));
        assertTrue(text(err).contains("ucs.http.port"), text(err));
        assertTrue(text(err).contains("UCS_HTTP_PORT"), text(err));
    }

    @Test
    void requestTimeoutAbovePublishTimeoutIsReported() throws Exception {
        int code = command(Map.of(GatewayConfig.REQUEST_TIMEOUT_MS, "9000")).run(new String[] {"--routes", "routes"});
        assertEquals(1, code);
        assertTrue(text(err).contains("must be lower than ucs.kafka.publish-timeout-ms"), text(err));
    }

    @Test
    void adapterWithoutConsumersIsReported() throws Exception {
        int code = command(Map.of(GatewayConfig.ADAPTER_CONSUMERS, "0")).run(new String[] {"--routes", "routes"});
        assertEquals(1, code);
        assertTrue(text(err).contains("ucs.kafka.adapter-consumers must be at least 1, not '0'"), text(err));
        assertTrue(text(err).contains("UCS_KAFKA_ADAPTER_CONSUMERS"), text(err));
    }

    @ParameterizedTest
    @CsvSource({
        "ucs.adapter.batch-max-records, 2147483647, at most 10000, UCS_ADAPTER_BATCH_MAX_RECORDS",
        "ucs.adapter.batch-wait-ms, 0, at least 1, UCS_ADAPTER_BATCH_WAIT_MS"})
    void adapterBatchOutOfRangeIsReported(String key, String value, String bound, String variable) throws Exception {
        int code = command(Map.of(key, value)).run(new String[] {"--routes", "routes"});
        assertEquals(1, code);
        assertTrue(text(err).contains(key + " must be " + bound + ", not '" + value + "'"), text(err));
        assertTrue(text(err).contains(variable), text(err));
    }

    @Test
    void invalidNumberIsReportedOnce() throws Exception {
        int code = command(Map.of(GatewayConfig.ADAPTER_BATCH_MAX_RECORDS, "abc")).run(new String[] {"--routes", "routes"});
        assertEquals(1, code);
        assertTrue(text(err).contains("ucs.adapter.batch-max-records must be an integer, not 'abc'"), text(err));
        assertFalse(text(err).contains("Invalid endpoint uri"), text(err));
        assertTrue(text(err).contains("1 error(s)"), text(err));
    }

    @Test
    void invalidCsrfSwitchIsReported() throws Exception {
        int code = command(Map.of(GatewayConfig.CSRF_ENABLED, "yes")).run(new String[] {"--routes", "routes"});
        assertEquals(1, code);
        assertTrue(text(err).contains("ucs.security.csrf.enabled must be true or false, not 'yes'"), text(err));
    }

    @Test
    void invalidLogFormatIsReported() throws Exception {
        int code = command(Map.of(GatewayConfig.LOG_FORMAT, "xml")).run(new String[] {"--routes", "routes"});
        assertEquals(1, code);
        assertTrue(text(err).contains("ucs.log.format must be text or json"), text(err));
    }

    @Test
    void unknownOptionExitsTwo() throws Exception {
        assertEquals(2, command(Map.of()).run(new String[] {"--route", "routes"}));
        assertTrue(text(err).contains("Unknown option '--route'"), text(err));
    }

    @Test
    void missingRoutesValueExitsTwo() throws Exception {
        assertEquals(2, command(Map.of()).run(new String[] {"--routes"}));
        assertTrue(text(err).contains("Missing value for --routes"), text(err));
    }

    private ValidateCommand command(Map<String, String> overrides) {
        return new ValidateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), overrides);
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
