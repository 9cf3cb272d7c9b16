package dev.tripline.engine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Join key values as plain Java values with value equality: text as {@code String} (the document's own instance, not
 * a copy), whole numbers as {@code Long} (so {@code 7} and {@code 7.0} join), other numbers as {@code Double},
 * booleans as {@code Boolean}, a multi-valued field as a {@code List} of those; a one-element array is its element.
 */
final class JoinKeys {

    /** The value of a missing optional ({@code ?field}) key field: it joins other missing values, never a real one. */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private JoinKeys() {
    }

    /** @return the normalized value, or {@code null} when the field is absent, null or an empty array */
    static Object valueOf(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue().toString();
        }
        if (node.isNumber()) {
            double d = node.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                return (long) d;
            }
            if (Double.isFinite(d)) {
                return d;
            }
            return new BigDecimal(node.asString()).toString();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            if (node.isEmpty()) {
                return null;
            }
            if (node.size() == 1) {
                return valueOf(node.get(0));
            }
            List<Object> values = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                Object value = valueOf(element);
                if (value != null) {
                    values.add(value);
                }
            }
            return values.isEmpty() ? null : Collections.unmodifiableList(values);
        }
        return node.toString();
    }

    /** The value as a {@link Match} shows it. */
    static Object exposed(Object value) {
        return value == MISSING ? null : value;
    }
}
