package org.ucsgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ucsgateway.support.HostileRequests.assertRejected;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.ucsgateway.support.HostileRequests;
import org.ucsgateway.support.HostileRequests.Op;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;

/**
 * Malformed requests to every operation over real HTTP, one class of bad input per test: JSON
 * syntax, resource limits, types, presence, text encoding and media type. Each asserts the HTTP
 * status, the statusCode, a statusMessage naming the problem, no internals in the response, and
 * that nothing reached the request topic. docs/input-rules.md states the rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {

    private final ObjectMapper mapper = new ObjectMapper();
    private TestGateway gateway;

    @BeforeAll
    void startGateway() throws Exception {
        gateway = TestGateway.start(Store.H2);
    }

    @AfterAll
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterEach
    void nothingPublished() {
        assertEquals(0, gateway.recordCount(gateway.requestTopic()), "a rejected request reached the request topic");
    }

    // JSON syntax ------------------------------------------------------------------------------

    static Stream<Arguments> malformedJson() {
        List<Arguments> cases = new ArrayList<>();
        for (Op op : Op.values()) {
            String valid = op.validBody;
            String inner = valid.substring(1, valid.length() - 1);
            cases.add(Arguments.of(op, "{\"operationName\":\"X\"," + inner + "}", "Duplicate field 'operationName'"));
            cases.add(Arguments.of(op, valid + " x", "body"));
            cases.add(Arguments.of(op, valid + "{}", "content after the JSON object"));
            cases.add(Arguments.of(op, valid + "\"\"", "content after the JSON object"));
            cases.add(Arguments.of(op, valid.substring(0, valid.length() - 1), "end-of-input"));
            cases.add(Arguments.of(op, valid.substring(0, valid.length() / 2), "body"));
            cases.add(Arguments.of(op, "{/* comment */" + inner + "}", "comment"));
            cases.add(Arguments.of(op, "{" + inner + "} // comment", "body"));
            cases.add(Arguments.of(op, "{" + inner + ",}", "body"));
            cases.add(Arguments.of(op, "{'operationName':'X'}", "body"));
            cases.add(Arguments.of(op, "{operationName:\"X\"}", "body"));
            cases.add(Arguments.of(op, "{\"operationName\":\"X\",\"n\":NaN}", "body"));
            cases.add(Arguments.of(op, "{\"operationName\":\"X\",\"n\":007}", "body"));
            cases.add(Arguments.of(op, "[" + valid + "]", "got an array"));
            cases.add(Arguments.of(op, "\"" + op.name() + "\"", "got a string"));
            cases.add(Arguments.of(op, "42", "got a number"));
            cases.add(Arguments.of(op, "null", "got null"));
            cases.add(Arguments.of(op, "true", "got a boolean"));
            cases.add(Arguments.of(op, "", "the body is empty"));
            cases.add(Arguments.of(op, " \r\n\t ", "the body is blank"));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("malformedJson")
    void malformedJsonIsStatusCode2(Op op, String body, String named) throws Exception {
        assertRejected(HostileRequests.post(gateway, op, body), 400, 2, named);
    }

    // Resource limits --------------------------------------------------------------------------

    static Stream<Arguments> overLimits() {
        List<Arguments> cases = new ArrayList<>();
        for (Op op : Op.values()) {
            cases.add(Arguments.of(op, "deep", "nested deeper than 16 levels"));
            cases.add(Arguments.of(op, "keys", "more than 256 object members"));
            cases.add(Arguments.of(op, "string", "a string is longer than 16384 characters"));
            cases.add(Arguments.of(op, "name", "member name is longer than 255 characters"));
            cases.add(Arguments.of(op, "number", "a number is longer than 32 characters"));
            cases.add(Arguments.of(op, "precision", "more precision or range"));
            cases.add(Arguments.of(op, "range", "more precision or range"));
            cases.add(Arguments.of(op, "integer", "integers must be from"));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("overLimits")
    void overLimitIsStatusCode2(Op op, String limit, String named) throws Exception {
        ObjectNode body = valid(op);
        switch (limit) {
            // The body object is level 1, so 16 nested arrays make level 17.
            case "deep" -> body.set("extra", mapper.readTree("[".repeat(16) + "]".repeat(16)));
            case "keys" -> {
                ObjectNode extra = body.putObject("extra");
                for (int i = 0; i < 256; i++) {
                    extra.put("k" + i, i);
                }
            }
            case "string" -> body.put("extra", "x".repeat(16_385));
            case "name" -> body.put("n".repeat(256), "x");
            case "number" -> {
                String json = mapper.writeValueAsString(body);
                assertRejected(HostileRequests.post(gateway, op, json.substring(0, json.length() - 1)
                        + ",\"extra\":" + "1".repeat(33) + "}"), 400, 2, named);
                return;
            }
            case "precision" -> body.set("extra", mapper.readTree("0.12345678901234567890123"));
            case "range" -> body.set("extra", mapper.readTree("1e400"));
            case "integer" -> body.set("extra", mapper.readTree("9223372036854775808"));
            default -> throw new IllegalArgumentException(limit);
        }
        if (limit.equals("precision") || limit.equals("range")) {
            String json = mapper.writeValueAsString(body).replace("\"extra\":" + body.get("extra"),
                    "\"extra\":" + (limit.equals("range") ? "1e400" : "0.12345678901234567890123"));
            assertRejected(HostileRequests.post(gateway, op, json), 400, 2, named);
            return;
        }
        assertRejected(send(op, body), 400, 2, named);
    }

    static Stream<Arguments> tooLongFields() {
        return Stream.of(
                Arguments.of(Op.FIND_PHONE_CALL, "callId", 255),
                Arguments.of(Op.FIND_PHONE_CALL, "phoneNumber", 64),
                Arguments.of(Op.FIND_PHONE_CALL, "contactId", 16),
                Arguments.of(Op.FIND_PHONE_CALL, "parentId", 255),
                Arguments.of(Op.FIND_PHONE_CALL, "threadId", 255),
                Arguments.of(Op.FIND_PHONE_CALL, "subject", 1024),
                Arguments.of(Op.FIND_PHONE_CALL, "operationName", 64),
                Arguments.of(Op.SET_CALL_CONTACT, "contactPath", 255),
                Arguments.of(Op.IDENTIFY_UCS_CONTACT, "phoneNumber", 64),
                Arguments.of(Op.IDENTIFY_UCS_CONTACT, "emailAddress", 255),
                Arguments.of(Op.IDENTIFY_UCS_CONTACT, "lastName", 255),
                Arguments.of(Op.IDENTIFY_UCS_CONTACT, "mediaType", 16));
    }

    @ParameterizedTest
    @MethodSource("tooLongFields")
    void fieldOverColumnSizeIsStatusCode2(Op op, String parameter, int max) throws Exception {
        ObjectNode body = valid(op);
        // An emoji is 2 UTF-16 code units, so max / 2 + 1 of them are one code unit over the limit.
        body.put(parameter, max % 2 == 0 ? "\uD83D\uDE00".repeat(max / 2) + "x" : "x".repeat(max + 1));
        assertRejected(send(op, body), 400, 2, "the maximum is " + max);
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void bodyOverSizeLimitIs413(Op op) throws Exception {
        ObjectNode body = valid(op);
        for (int i = 0; i < 3; i++) {
            body.put("padding" + i, "x".repeat(12_000));
        }
        byte[] bytes = mapper.writeValueAsBytes(body);
        assertEquals(true, bytes.length > 32_768, "test body is not over the limit");
        assertRejected(HostileRequests.postOversized(gateway, op, bytes), 413, 2,
                "larger than the limit of 32768 bytes");
    }

    // Types ------------------------------------------------------------------------------------

    static Stream<Arguments> wrongTypes() {
        List<Arguments> cases = new ArrayList<>();
        Map<Op, List<String>> strings = Map.of(
                Op.FIND_PHONE_CALL, List.of("operationName", "callId", "status", "phoneNumber", "type", "contactId",
                        "parentId", "threadId", "subject"),
                Op.SET_CALL_CONTACT, List.of("operationName", "contactPath"),
                Op.SET_CALL_NOTE, List.of("operationName", "note"),
                Op.SET_CALL_COMPLETED, List.of("operationName"),
                Op.IDENTIFY_UCS_CONTACT, List.of("operationName", "phoneNumber", "emailAddress", "lastName", "mediaType",
                        "createContactEnabled"));
        for (Op op : Op.values()) {
            for (String parameter : strings.get(op)) {
                for (String value : List.of("42", "1.5", "true", "{\"a\":\"b\"}", "[\"a\"]")) {
                    cases.add(Arguments.of(op, parameter, value, "expected a string"));
                }
            }
        }
        for (Op op : List.of(Op.FIND_PHONE_CALL, Op.SET_CALL_COMPLETED, Op.IDENTIFY_UCS_CONTACT)) {
            for (String value : List.of("\"text\"", "42", "true", "[{\"a\":1}]")) {
                cases.add(Arguments.of(op, "userData", value, "expected an object"));
            }
        }
        for (String value : List.of("true", "{\"s\":30}", "[30]", "1.5", "-1", "86401", "\"30s\"")) {
            cases.add(Arguments.of(Op.SET_CALL_COMPLETED, "callDuration", value, "whole number of seconds"));
        }
        for (String value : List.of("{\"a\":1}", "[1]", "null")) {
            cases.add(Arguments.of(Op.IDENTIFY_UCS_CONTACT, "userData", "{\"key\":" + value + "}",
                    "expected a string, number or boolean"));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void wrongTypeIsStatusCode2(Op op, String parameter, String json, String named) throws Exception {
        ObjectNode body = valid(op);
        body.set(parameter, mapper.readTree(json));
        JsonNode answer = assertRejected(send(op, body), 400, 2, named);
        String message = answer.get("statusMessage").asText();
        assertEquals(true, message.contains("'" + parameter), "statusMessage does not name the parameter: " + message);
    }

    // Presence ---------------------------------------------------------------------------------

    static Stream<Arguments> absentMandatory() {
        List<Arguments> cases = new ArrayList<>();
        for (Op op : Op.values()) {
            for (String parameter : op.mandatory) {
                for (String form : List.of("missing", "null", "empty", "blank", "whitespace")) {
                    cases.add(Arguments.of(op, parameter, form));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("absentMandatory")
    void absentMandatoryParameterIsStatusCode1(Op op, String parameter, String form) throws Exception {
        ObjectNode body = valid(op);
        switch (form) {
            case "missing" -> body.remove(parameter);
            case "null" -> body.putNull(parameter);
            case "empty" -> body.put(parameter, "");
            case "blank" -> body.put(parameter, " ");
            default -> body.put(parameter, "\t\r\n ");
        }
        assertRejected(send(op, body), 400, 1, "'" + parameter + "'");
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, names = "IDENTIFY_UCS_CONTACT")
    void identifyWithoutAnyAttributeIsStatusCode1(Op op) throws Exception {
        assertRejected(HostileRequests.post(gateway, op, "{\"operationName\":\"IdentifyUCSContact\",\"lastName\":\" \","
                + "\"userData\":{}}"), 400, 1, "at least one of");
    }

    // Text -------------------------------------------------------------------------------------

    static Stream<Arguments> badEncodings() {
        List<Arguments> cases = new ArrayList<>();
        for (Op op : Op.values()) {
            byte[] valid = op.validBody.getBytes(StandardCharsets.UTF_8);
            cases.add(Arguments.of(op, "byte order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid),
                    "byte order mark"));
            cases.add(Arguments.of(op, "UTF-16 byte order mark", concat(new byte[] {(byte) 0xFE, (byte) 0xFF},
                    op.validBody.getBytes(StandardCharsets.UTF_16BE)), "UTF-8"));
            cases.add(Arguments.of(op, "byte 0xFF", withExtra(op, new byte[] {(byte) 0xFF}), "UTF-8"));
            cases.add(Arguments.of(op, "Latin-1 e acute", withExtra(op, new byte[] {(byte) 0xE9}), "UTF-8"));
            cases.add(Arguments.of(op, "overlong slash, 2 bytes", withExtra(op, new byte[] {(byte) 0xC0, (byte) 0xAF}),
                    "UTF-8"));
            cases.add(Arguments.of(op, "overlong slash, 3 bytes",
                    withExtra(op, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}), "UTF-8"));
            cases.add(Arguments.of(op, "overlong NUL, 2 bytes", withExtra(op, new byte[] {(byte) 0xC0, (byte) 0x80}),
                    "UTF-8"));
            cases.add(Arguments.of(op, "encoded surrogate",
                    withExtra(op, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), "UTF-8"));
            cases.add(Arguments.of(op, "truncated sequence", withExtra(op, new byte[] {(byte) 0xE2, (byte) 0x82}),
                    "UTF-8"));
            cases.add(Arguments.of(op, "raw NUL in a string", withExtra(op, new byte[] {0}), "body"));
            cases.add(Arguments.of(op, "raw control character in a string", withExtra(op, new byte[] {1}), "body"));
            cases.add(Arguments.of(op, "escaped NUL", withExtra(op, "\\u0000".getBytes(StandardCharsets.US_ASCII)),
                    "U+0000"));
            cases.add(Arguments.of(op, "escaped BEL", withExtra(op, "\\u0007".getBytes(StandardCharsets.US_ASCII)),
                    "U+0007"));
            cases.add(Arguments.of(op, "escaped DEL", withExtra(op, "\\u007f".getBytes(StandardCharsets.US_ASCII)),
                    "U+007F"));
            cases.add(Arguments.of(op, "unpaired high surrogate",
                    withExtra(op, "\\ud83d".getBytes(StandardCharsets.US_ASCII)), "unpaired surrogate"));
            cases.add(Arguments.of(op, "unpaired low surrogate",
                    withExtra(op, "\\ude00x".getBytes(StandardCharsets.US_ASCII)), "unpaired surrogate"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badEncodings")
    void badTextIsStatusCode2(Op op, String label, byte[] body, String named) throws Exception {
        assertRejected(HostileRequests.post(gateway, op, body), 400, 2, named);
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void controlCharacterInMemberNameIsStatusCode2(Op op) throws Exception {
        ObjectNode body = valid(op);
        body.put("user\u0000Data", "x");
        assertRejected(send(op, body), 400, 2, "member name");
    }

    // Media type -------------------------------------------------------------------------------

    static Stream<Arguments> unsupportedMediaTypes() {
        List<Arguments> cases = new ArrayList<>();
        for (Op op : Op.values()) {
            cases.add(Arguments.of(op, "application/x-www-form-urlencoded", "operationName=" + op.name()));
            cases.add(Arguments.of(op, "text/plain", op.validBody));
            cases.add(Arguments.of(op, "application/xml", op.validBody));
            cases.add(Arguments.of(op, "multipart/form-data; boundary=x", "--x\r\n\r\n" + op.validBody + "\r\n--x--"));
            cases.add(Arguments.of(op, "application/json; charset=ISO-8859-1", op.validBody));
            cases.add(Arguments.of(op, "application/json; charset=utf-16", op.validBody));
            cases.add(Arguments.of(op, null, op.validBody));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("unsupportedMediaTypes")
    void unsupportedMediaTypeIs415(Op op, String contentType, String body) throws Exception {
        HttpResponse<String> response = HostileRequests.post(gateway, op.path, contentType,
                body.getBytes(StandardCharsets.UTF_8), Map.of());
        assertRejected(response, 415, 2, "Content-Type");
    }

    private ObjectNode valid(Op op) throws Exception {
        return (ObjectNode) mapper.readTree(op.validBody);
    }

    private HttpResponse<String> send(Op op, ObjectNode body) throws Exception {
        return HostileRequests.post(gateway, op, mapper.writeValueAsBytes(body));
    }

    /** Returns the valid body with one more string member whose value contains the given bytes. */
    private static byte[] withExtra(Op op, byte[] inside) {
        String valid = op.validBody;
        byte[] head = (valid.substring(0, valid.length() - 1) + ",\"extra\":\"a").getBytes(StandardCharsets.UTF_8);
        return concat(concat(head, inside), "b\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
