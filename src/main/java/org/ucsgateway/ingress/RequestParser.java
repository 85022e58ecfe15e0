package org.ucsgateway.ingress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ucsgateway.config.GatewayConfig;

/**
 * Strict parsing of request bodies. The body must be UTF-8 without a byte order mark and one
 * standard JSON object: duplicate keys, content after the document, comments and other
 * non-standard syntax are rejected. Parsing stops at the first limit of {@link InputLimits} the
 * body breaks, and {@link InputRules} then checks every member name and value.
 */
public final class RequestParser {

    private static final byte[] UTF8_BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputLimits limits;
    private final ObjectMapper mapper;

    /** Creates a parser with the limits of {@code application.properties}. */
    public RequestParser() {
        this(InputLimits.from(GatewayConfig.load(Map.of())));
    }

    public RequestParser(InputLimits limits) {
        this.limits = limits;
        // The document length limit is left to the HTTP layer, which responds 413 before parsing.
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxDepth())
                .maxNumberLength(limits.maxNumberLength())
                .maxStringLength(limits.maxStringLength())
                .maxNameLength(limits.maxKeyLength())
                .build();
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(constraints).build();
        this.mapper = JsonMapper.builder(factory)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_YAML_COMMENTS,
                        JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                        JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
                        JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS, JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
                .build();
    }

    /** Parses the body into a JSON object, or throws a {@link GatewayException} with statusCode 2. */
    public ObjectNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw GatewayException.invalid("Invalid request body: the body is empty, expected a JSON object");
        }
        checkEncoding(body);

        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw GatewayException.invalid("Invalid request body: " + describeLimit(e));
        } catch (JsonProcessingException e) {
            throw GatewayException.invalid("Invalid JSON in request body: " + describe(e));
        } catch (IOException e) {
            throw GatewayException.invalid("Invalid request body: it cannot be read as UTF-8 JSON");
        }
        if (node == null || node.isMissingNode()) {
            throw GatewayException.invalid("Invalid request body: the body is blank, expected a JSON object");
        }
        if (!node.isObject()) {
            throw GatewayException.invalid("Invalid request body: expected a JSON object, got " + kind(node));
        }
        ObjectNode object = (ObjectNode) node;
        new InputRules(limits).check(object);
        return object;
    }

    /** Returns the JSON type of a node in the words of the JSON specification. */
    public static String kind(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /**
     * Rejects a byte order mark and any byte sequence that is not well-formed UTF-8, such as
     * overlong encodings, encoded surrogates and truncated sequences. Jackson alone lets some of
     * these through.
     */
    private static void checkEncoding(byte[] body) {
        if (body.length >= 3 && body[0] == UTF8_BYTE_ORDER_MARK[0] && body[1] == UTF8_BYTE_ORDER_MARK[1]
                && body[2] == UTF8_BYTE_ORDER_MARK[2]) {
            throw GatewayException.invalid("Invalid request body: it starts with a byte order mark; "
                    + "send UTF-8 without a byte order mark");
        }
        if (isAscii(body)) {
            // Bytes below 0x80 are valid UTF-8 each on its own, and most bodies have no others.
            return;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(4096);
        while (true) {
            CoderResult result = in.hasRemaining() ? decoder.decode(in, out, true) : decoder.flush(out);
            if (result.isError()) {
                throw GatewayException.invalid("Invalid request body: invalid UTF-8 byte sequence at byte offset "
                        + in.position() + "; send the body in UTF-8");
            }
            if (result.isUnderflow() && !in.hasRemaining()) {
                if (decoder.flush(out).isError()) {
                    throw GatewayException.invalid("Invalid request body: truncated UTF-8 byte sequence at the end");
                }
                return;
            }
            out.clear();
        }
    }

    private static boolean isAscii(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Names the limit a body broke without Jackson's wording, which names its own classes. */
    private String describeLimit(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return "objects and arrays are nested deeper than " + limits.maxDepth() + " levels";
        }
        if (message.startsWith("Number")) {
            return "a number is longer than " + limits.maxNumberLength() + " characters";
        }
        if (message.startsWith("Name")) {
            return "an object member name is longer than " + limits.maxKeyLength() + " characters";
        }
        if (message.startsWith("String")) {
            return "a string is longer than " + limits.maxStringLength() + " characters";
        }
        return "the body exceeds a limit of the gateway";
    }

    /**
     * Returns Jackson's description of a syntax error without the parts that name its classes and
     * features, which are quoted in backticks.
     */
    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Trailing token")) {
            message = "content after the JSON object";
        }
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        // Jackson names the start of an unclosed object or array as "(start marker at [Source: ...".
        // That location is in its own terms, so it is dropped. The line and column of the error follow below.
        int source = message.indexOf("[Source:");
        if (source >= 0) {
            message = message.substring(0, source);
            int open = message.lastIndexOf('(');
            if (open >= 0 && message.indexOf(')', open) < 0) {
                message = message.substring(0, open);
            }
            message = message.strip();
        }
        int quote = message.indexOf('`');
        if (quote >= 0) {
            int cut = Math.max(message.lastIndexOf(':', quote), message.lastIndexOf('(', quote));
            message = message.substring(0, Math.max(cut, 0)).strip();
        }
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return message;
    }
}
