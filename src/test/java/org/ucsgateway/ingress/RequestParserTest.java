package org.ucsgateway.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RequestParserTest {

    private final RequestParser parser = new RequestParser();

    @Test
    void objectIsParsed() {
        assertEquals("FindPhoneCall", parser.parseObject(bytes("{\"operationName\":\"FindPhoneCall\"}"))
                .get("operationName").asText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1]|an array",
        "\"text\"|a string",
        "42|a number",
        "true|a boolean",
        "null|null"})
    void nonObjectNamesItsKind(String body, String kind) {
        GatewayException error = assertThrows(GatewayException.class, () -> parser.parseObject(bytes(body)));
        assertEquals(StatusCode.INVALID_PARAMETER, error.statusCode());
        assertTrue(error.getMessage().contains(kind), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1,\"a\":2}",
        "{\"a\":1} {}",
        "{\"a\":1",
        "{/* c */\"a\":1}",
        "{'a':1}",
        "{a:1}",
        "{\"a\":1,}",
        "{\"a\":NaN}",
        "{\"a\":01}"})
    void nonStandardJsonIsRejected(String body) {
        GatewayException error = assertThrows(GatewayException.class, () -> parser.parseObject(bytes(body)));
        assertEquals(StatusCode.INVALID_PARAMETER, error.statusCode());
        assertEquals(400, error.httpStatus());
        assertTrue(error.getMessage().startsWith("Invalid JSON in request body"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"callId\":\"1\"", "{\"userData\":{\"key\":[1,2"})
    void unclosedObjectGetsPlainMessage(String body) {
        GatewayException error = assertThrows(GatewayException.class, () -> parser.parseObject(bytes(body)));

        String message = error.getMessage();
        assertTrue(message.startsWith("Invalid JSON in request body"), message);
        assertTrue(message.contains("end-of-input"), message);
        assertTrue(message.contains("(line 1, column "), message);
        assertFalse(message.contains("Source"), message);
        assertFalse(message.contains("REDACTED"), message);
        assertEquals(message.chars().filter(c -> c == '(').count(), message.chars().filter(c -> c == ')').count(),
                message);
    }

    @Test
    void duplicateKeyIsNamed() {
        GatewayException error = assertThrows(GatewayException.class,
                () -> parser.parseObject(bytes("{\"callId\":\"1\",\"callId\":\"2\"}")));
        assertTrue(error.getMessage().contains("callId"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \n "})
    void emptyOrBlankBodyIsRejected(String body) {
        GatewayException error = assertThrows(GatewayException.class, () -> parser.parseObject(bytes(body)));
        assertTrue(error.getMessage().contains("body"), error.getMessage());
    }

    @Test
    void nonAsciiUtf8IsParsed() {
        assertEquals("Ren\u00e9e \u4e2d \ud83d\ude00", parser.parseObject(bytes("{\"subject\":\"Ren\u00e9e \u4e2d \ud83d\ude00\"}"))
                .get("subject").asText());
    }

    @Test
    void invalidUtf8NamesItsOffset() {
        byte[] body = bytes("{\"subject\":\"ab\"}");
        // 0xC3 starts a two-byte sequence, and the quote after it cannot continue one.
        body[12] = (byte) 0xC3;
        GatewayException error = assertThrows(GatewayException.class, () -> parser.parseObject(body));
        assertEquals(400, error.httpStatus());
        assertTrue(error.getMessage().contains("invalid UTF-8 byte sequence at byte offset 12"), error.getMessage());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
