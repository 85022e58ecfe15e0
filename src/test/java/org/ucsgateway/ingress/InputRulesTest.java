package org.ucsgateway.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The body-wide input rules and limits of {@link RequestParser} and {@link InputRules}. */
class InputRulesTest {

    private static final InputLimits LIMITS = new InputLimits(32_768, 16, 256, 16_384, 255, 32, 30_000, 1024);

    private final RequestParser parser = new RequestParser(LIMITS);
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void depthAtLimitIsAccepted() {
        // The body is level 1, so 15 nested arrays reach level 16.
        parser.parseObject(bytes("{\"a\":" + "[".repeat(15) + "]".repeat(15) + "}"));
    }

    @Test
    void depthOverLimitIsRejected() {
        assertRejected("{\"a\":" + "[".repeat(16) + "]".repeat(16) + "}", "nested deeper than 16 levels");
    }

    @Test
    void membersAtLimitAreAccepted() {
        parser.parseObject(bytes(members(256)));
    }

    @Test
    void membersOverLimitAreRejected() {
        assertRejected(members(257), "more than 256 object members");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.5|1.5",
        "2.5E-8|2.5E-8",
        "1e2|100.0",
        "-0.0|0.0",
        "0.1|0.1",
        "123456789.012345|123456789.012345"})
    void exactFractionBecomesDouble(String literal, String expected) {
        // A decimal number has no negative zero, so -0.0 arrives as 0.0, which JSON treats as equal.
        JsonNode value = parser.parseObject(bytes("{\"n\":" + literal + "}")).get("n");
        assertTrue(value.isDouble(), value.getNodeType().toString());
        assertEquals(Double.parseDouble(expected), value.doubleValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "-1e400", "0.12345678901234567890123", "1.00000000000000001", "4.9e-325"})
    void fractionThatDoubleCannotHoldIsRejected(String literal) {
        assertRejected("{\"n\":" + literal + "}", "more precision or range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "-9223372036854775809"})
    void integerOutsideLongIsRejected(String literal) {
        assertRejected("{\"n\":" + literal + "}", "integers must be from");
    }

    @Test
    void longRangeIsAccepted() {
        ObjectNode body = parser.parseObject(bytes("{\"min\":-9223372036854775808,\"max\":9223372036854775807}"));
        assertEquals(Long.MIN_VALUE, body.get("min").longValue());
        assertEquals(Long.MAX_VALUE, body.get("max").longValue());
    }

    @Test
    void numberOverLengthIsRejected() {
        assertRejected("{\"n\":0." + "1".repeat(40) + "}", "a number is longer than 32 characters");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\\u0000|U+0000",
        "\\u001f|U+001F",
        "\\u007f|U+007F",
        "\\ud800|unpaired surrogate",
        "x\\udc00|unpaired surrogate"})
    void forbiddenCharacterIsRejected(String escaped, String named) {
        assertRejected("{\"nested\":{\"text\":\"a" + escaped + "b\"}}", named);
    }

    @Test
    void forbiddenCharacterNamesItsMember() {
        assertRejected("{\"userData\":{\"key\":[\"\\u0001\"]}}", "parameter 'userData.key[0]'");
    }

    @Test
    void tabLineFeedAndEmojiAreAccepted() throws Exception {
        String text = "tab\tline\nreturn\r\uD83D\uDE00";
        ObjectNode body = parser.parseObject(mapper.writeValueAsBytes(mapper.createObjectNode().put("t", text)));
        assertEquals(text, body.get("t").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"EFBBBF7B7D", "7B2261223A22C0AF227D", "7B2261223A22E080AF227D", "7B2261223A22EDA080227D",
        "7B2261223A22F4908080227D", "7B2261223A22E282"})
    void malformedUtf8IsRejected(String hex) {
        byte[] body = java.util.HexFormat.of().parseHex(hex);
        GatewayException error = assertThrows(GatewayException.class, () -> parser.parseObject(body));
        assertEquals(StatusCode.INVALID_PARAMETER, error.statusCode());
        assertTrue(error.getMessage().contains("UTF-8") || error.getMessage().contains("byte order mark"),
                error.getMessage());
    }

    @Test
    void limitsAboveWebSocketMessageSizeAreRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new InputLimits(64 * 1024, 16, 256, 16_384, 255, 32, 30_000, 1024));
        assertTrue(error.getMessage().contains(InputLimits.MAX_BODY_BYTES), error.getMessage());
    }

    @Test
    void jacksonWordingIsNotShown() {
        GatewayException error = assertThrows(GatewayException.class,
                () -> parser.parseObject(bytes("{\"n\":NaN}")));
        assertFalse(error.getMessage().contains("`"), error.getMessage());
        assertFalse(error.getMessage().contains("Feature"), error.getMessage());
    }

    private static String members(int count) {
        StringBuilder json = new StringBuilder("{\"o\":{");
        for (int i = 1; i < count; i++) {
            json.append(i > 1 ? "," : "").append("\"k").append(i).append("\":").append(i);
        }
        return json.append("}}").toString();
    }

    private void assertRejected(String body, String named) {
        GatewayException error = assertThrows(GatewayException.class, () -> parser.parseObject(bytes(body)));
        assertEquals(StatusCode.INVALID_PARAMETER, error.statusCode());
        assertEquals(400, error.httpStatus());
        assertTrue(error.getMessage().contains(named), error.getMessage());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
