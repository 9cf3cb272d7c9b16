package dev.tripline.eql.function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Conversions between event values and the types functions and operators take. Event values are lenient: a number
 * or boolean gives its text where a string is wanted; anything else (an object, or a string where a number is
 * wanted) gives {@code null}, which makes the comparison around it false, as a missing field does.
 */
public final class Values {

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Values() {
    }

    /** The text of a scalar, or {@code null} for null, objects and arrays. */
    public static String text(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asString();
        }
        return null;
    }

    public static boolean isNumber(JsonNode node) {
        return node != null && node.isNumber();
    }

    /** Whether the number is whole and fits a long, so that long arithmetic applies. */
    public static boolean isLong(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToLong();
    }

    public static JsonNode number(long value) {
        return NODES.numberNode(value);
    }

    public static JsonNode number(double value) {
        return Double.isFinite(value) ? NODES.numberNode(value) : null;
    }

    public static JsonNode string(String value) {
        return value == null ? null : NODES.stringNode(value);
    }

    public static JsonNode bool(boolean value) {
        return NODES.booleanNode(value);
    }

    /** A Java literal value (null, Boolean, Long, Double, String) as a node. */
    public static JsonNode of(Object literal) {
        if (literal == null) {
            return null;
        }
        if (literal instanceof Boolean b) {
            return bool(b);
        }
        if (literal instanceof Long l) {
            return number(l);
        }
        if (literal instanceof Double d) {
            return number(d);
        }
        return string((String) literal);
    }

    public static JsonNode add(JsonNode a, JsonNode b) {
        if (!isNumber(a) || !isNumber(b)) {
            return null;
        }
        if (isLong(a) && isLong(b)) {
            long x = a.longValue();
            long y = b.longValue();
            long r = x + y;
            return ((x ^ r) & (y ^ r)) < 0 ? null : number(r);
        }
        return number(a.doubleValue() + b.doubleValue());
    }

    public static JsonNode subtract(JsonNode a, JsonNode b) {
        if (!isNumber(a) || !isNumber(b)) {
            return null;
        }
        if (isLong(a) && isLong(b)) {
            long x = a.longValue();
            long y = b.longValue();
            long r = x - y;
            return ((x ^ y) & (x ^ r)) < 0 ? null : number(r);
        }
        return number(a.doubleValue() - b.doubleValue());
    }

    public static JsonNode multiply(JsonNode a, JsonNode b) {
        if (!isNumber(a) || !isNumber(b)) {
            return null;
        }
        if (isLong(a) && isLong(b)) {
            long x = a.longValue();
            long y = b.longValue();
            long high = Math.multiplyHigh(x, y);
            long r = x * y;
            return (high == 0 && r >= 0) || (high == -1 && r < 0) ? number(r) : null;
        }
        return number(a.doubleValue() * b.doubleValue());
    }

    /** Whole numbers divide as whole numbers (truncating), as in Elasticsearch; dividing by zero gives null. */
    public static JsonNode divide(JsonNode a, JsonNode b) {
        if (!isNumber(a) || !isNumber(b)) {
            return null;
        }
        if (isLong(a) && isLong(b)) {
            long x = a.longValue();
            long y = b.longValue();
            if (y == 0 || x == Long.MIN_VALUE && y == -1) {
                return null;
            }
            return number(x / y);
        }
        double y = b.doubleValue();
        return y == 0 ? null : number(a.doubleValue() / y);
    }

    public static JsonNode modulo(JsonNode a, JsonNode b) {
        if (!isNumber(a) || !isNumber(b)) {
            return null;
        }
        if (isLong(a) && isLong(b)) {
            long y = b.longValue();
            return y == 0 ? null : number(y == -1 ? 0 : a.longValue() % y);
        }
        double y = b.doubleValue();
        return y == 0 ? null : number(a.doubleValue() % y);
    }

    public static JsonNode negate(JsonNode a) {
        if (!isNumber(a)) {
            return null;
        }
        if (isLong(a)) {
            long x = a.longValue();
            return x == Long.MIN_VALUE ? null : number(-x);
        }
        return number(-a.doubleValue());
    }
}
