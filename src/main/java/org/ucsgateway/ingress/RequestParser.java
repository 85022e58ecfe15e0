package org.ucsgateway.ingress;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Strict JSON parsing of request bodies: duplicate keys, content after the document, comments
 * and other non-standard syntax are rejected, and the document must be an object.
 */
public final class RequestParser {

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .build();

    /** Parses the body into a JSON object, or throws a {@link GatewayException} with statusCode 2. */
    public ObjectNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw GatewayException.invalid("Invalid request body: the body is empty, expected a JSON object");
        }

        JsonNode node;
        try {
            node = mapper.readTree(body);
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
        return (ObjectNode) node;
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

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return message;
    }
}
