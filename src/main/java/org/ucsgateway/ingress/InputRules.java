package org.ucsgateway.ingress;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rules on every member name and value of a parsed body, unknown parameters included: the
 * number of object members, the characters strings may contain, and the numbers that the gateway
 * can pass on without changing their value.
 */
final class InputRules {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final InputLimits limits;
    private int members;

    InputRules(InputLimits limits) {
        this.limits = limits;
    }

    /**
     * Checks the body and replaces each fractional number with the double of the same value,
     * which is how the UCS adapter, the store and the read-back parse it.
     *
     * @throws GatewayException statusCode 2 naming the first member that breaks a rule
     */
    void check(ObjectNode body) {
        checkObject(body, "");
    }

    private void checkObject(ObjectNode object, String path) {
        List<Map.Entry<String, JsonNode>> replacements = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            members++;
            if (members > limits.maxKeys()) {
                throw GatewayException.invalid("Invalid request body: it has more than " + limits.maxKeys()
                        + " object members");
            }
            String memberPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            checkText(field.getKey(), "the member name '" + memberPath + "'");
            JsonNode replacement = checkValue(field.getValue(), memberPath);
            if (replacement != null) {
                replacements.add(Map.entry(field.getKey(), replacement));
            }
        }
        replacements.forEach(entry -> object.set(entry.getKey(), entry.getValue()));
    }

    private void checkArray(ArrayNode array, String path) {
        for (int i = 0; i < array.size(); i++) {
            JsonNode replacement = checkValue(array.get(i), path + "[" + i + "]");
            if (replacement != null) {
                array.set(i, replacement);
            }
        }
    }

    /** Checks one value and returns its replacement, or null to keep it. */
    private JsonNode checkValue(JsonNode value, String path) {
        if (value.isObject()) {
            checkObject((ObjectNode) value, path);
        } else if (value.isArray()) {
            checkArray((ArrayNode) value, path);
        } else if (value.isTextual()) {
            checkText(value.textValue(), "parameter '" + path + "'");
        } else if (value.isIntegralNumber()) {
            BigInteger number = value.bigIntegerValue();
            if (number.compareTo(LONG_MIN) < 0 || number.compareTo(LONG_MAX) > 0) {
                throw GatewayException.invalid("Invalid value " + value + " for parameter '" + path
                        + "': integers must be from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
            }
        } else if (value.isNumber()) {
            return exactDouble(value.decimalValue(), path);
        }
        return null;
    }

    /**
     * Returns the double of the number when the double's decimal form has the number's value, so
     * writing and reading it again keeps the value. Rejects any other number.
     */
    private static DoubleNode exactDouble(BigDecimal number, String path) {
        double converted = number.doubleValue();
        if (Double.isFinite(converted) && new BigDecimal(Double.toString(converted)).compareTo(number) == 0) {
            return DoubleNode.valueOf(converted);
        }
        throw GatewayException.invalid("Invalid value " + number.toString() + " for parameter '" + path
                + "': the number has more precision or range than a 64-bit floating point number; "
                + "send at most 15 significant digits and an exponent from -307 to 308, or send it as a string");
    }

    /**
     * Rejects U+0000, the other C0 control characters but tab, line feed and carriage return,
     * U+007F, and unpaired surrogates, which the store cannot hold or clients cannot display.
     */
    private static void checkText(String text, String where) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F) {
                throw GatewayException.invalid("Invalid character U+" + String.format("%04X", (int) c) + " in "
                        + where + " at index " + i + ": control characters other than tab, line feed and "
                        + "carriage return are not allowed");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw GatewayException.invalid("Invalid character U+" + String.format("%04X", (int) c) + " in "
                        + where + " at index " + i + ": an unpaired surrogate is not a character");
            }
        }
    }
}
