package org.ucsgateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The two console formats of logback.xml, switched at run time. */
class LogFormatTest {

    private final PrintStream original = System.out;

    @AfterEach
    void restore() {
        System.setOut(original);
        LogFormat.TEXT.apply();
        MDC.clear();
    }

    @Test
    void parseAcceptsBothFormats() {
        assertEquals(LogFormat.JSON, LogFormat.parse(" JSON "));
        assertEquals(LogFormat.TEXT, LogFormat.parse("text"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> LogFormat.parse("xml"));
        assertTrue(error.getMessage().contains("'xml'"), error.getMessage());
    }

    @Test
    void jsonWritesOneObjectPerLine() throws Exception {
        String output = capture(LogFormat.JSON);
        String[] lines = output.strip().split("\n");
        JsonNode event = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals("Request accepted referenceId=1000", event.get("formattedMessage").asText(), output);
        assertEquals("1000", event.path("mdc").path("referenceId").asText(), output);
        assertEquals("call-1", event.path("mdc").path("callId").asText(), output);
        assertEquals("agent", event.path("mdc").path("user").asText(), output);
        assertEquals("INFO", event.get("level").asText());
    }

    @Test
    void textAppendsMdcAsKeyValuePairs() throws Exception {
        String output = capture(LogFormat.TEXT);
        String line = output.strip().lines().reduce((first, second) -> second).orElse("");
        assertTrue(line.contains("- Request accepted referenceId=1000"), output);
        assertTrue(line.contains(" callId=call-1"), line);
        assertTrue(line.contains(" user=agent"), line);
        assertTrue(line.contains(" referenceId=1000"), line);
        assertTrue(!line.contains(","), "pairs must be separated by spaces only: " + line);
    }

    @Test
    void textKeepsMdcValuesAsTheyAre() throws Exception {
        MDC.put("user", "Doe, Jane");
        String output = logText("Request accepted");
        assertTrue(output.contains("- Request accepted user=Doe, Jane\n"), output);
    }

    @Test
    void textWithoutMdcEndsWithMessage() throws Exception {
        String output = logText("No request here");
        assertTrue(output.contains("- No request here\n"), output);
    }

    /** Logs one INFO line in the text format and returns what the console received. */
    private static String logText(String message) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        // Switch away first, so apply() really reconfigures logback onto the captured stream.
        LogFormat.JSON.apply();
        LogFormat.TEXT.apply();
        LoggerFactory.getLogger("ucs.test").info(message);
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private String capture(LogFormat format) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        // Switch away first, so apply() really reconfigures logback onto the captured stream.
        (format == LogFormat.JSON ? LogFormat.TEXT : LogFormat.JSON).apply();
        format.apply();
        MDC.put("referenceId", "1000");
        MDC.put("callId", "call-1");
        MDC.put("user", "agent");
        LoggerFactory.getLogger("ucs.test").info("Request accepted referenceId={}", 1000);
        MDC.clear();
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
