package dev.tripline.eql.compiler;

import dev.tripline.eql.Expression.Comparison.Operator;
import dev.tripline.eql.function.Values;
import dev.tripline.eql.match.CaseFold;
import tools.jackson.databind.JsonNode;

/**
 * How two single values compare. Strings compare by UTF-16 code units (case-folded for the insensitive operators),
 * numbers numerically (a whole number equals the same decimal), booleans as booleans. Across kinds Elasticsearch
 * converts the constant to the field's type, which here means: a string that is a number compares as that number,
 * "true"/"false" as booleans; other pairs of different kinds are unequal and have no order. Objects compare to
 * nothing.
 */
final class Comparisons {

    /** Different kinds: not equal, and neither less nor greater. */
    static final int UNORDERED = Integer.MIN_VALUE;
    /** Not comparable at all (objects): not even known to be unequal. */
    static final int UNKNOWN = Integer.MAX_VALUE;

    private Comparisons() {
    }

    /** Negative, zero or positive as for {@link Comparable}; or {@link #UNORDERED} or {@link #UNKNOWN}. */
    static int compare(JsonNode a, JsonNode b, boolean caseInsensitive) {
        if (a.isString()) {
            if (b.isString()) {
                int r = caseInsensitive
                        ? CaseFold.compareFolded(a.stringValue(), b.stringValue())
                        : a.stringValue().compareTo(b.stringValue());
                return Integer.signum(r);
            }
            if (b.isNumber()) {
                JsonNode number = parseNumber(a.stringValue());
                return number == null ? UNORDERED : compareNumbers(number, b);
            }
            if (b.isBoolean()) {
                int bool = parseBoolean(a.stringValue());
                return bool < 0 ? UNORDERED : Integer.compare(bool, b.booleanValue() ? 1 : 0);
            }
            return UNKNOWN;
        }
        if (a.isNumber()) {
            if (b.isNumber()) {
                return compareNumbers(a, b);
            }
            if (b.isString()) {
                int r = compare(b, a, caseInsensitive);
                return r == UNORDERED || r == UNKNOWN ? r : -r;
            }
            return b.isBoolean() ? UNORDERED : UNKNOWN;
        }
        if (a.isBoolean()) {
            if (b.isBoolean()) {
                return Boolean.compare(a.booleanValue(), b.booleanValue());
            }
            if (b.isString()) {
                int r = compare(b, a, caseInsensitive);
                return r == UNORDERED || r == UNKNOWN ? r : -r;
            }
            return b.isNumber() ? UNORDERED : UNKNOWN;
        }
        return UNKNOWN;
    }

    static boolean holds(Operator operator, int comparison) {
        if (comparison == UNKNOWN) {
            return false;
        }
        if (comparison == UNORDERED) {
            return operator == Operator.NEQ;
        }
        return switch (operator) {
            case EQ -> comparison == 0;
            case NEQ -> comparison != 0;
            case LT -> comparison < 0;
            case LTE -> comparison <= 0;
            case GT -> comparison > 0;
            case GTE -> comparison >= 0;
        };
    }

    /** Whether the comparison definitely does not hold (as opposed to being unknown). */
    static boolean fails(Operator operator, int comparison) {
        if (comparison == UNKNOWN) {
            return false;
        }
        if (comparison == UNORDERED) {
            return operator == Operator.EQ;
        }
        return !holds(operator, comparison);
    }

    static int compareNumbers(JsonNode a, JsonNode b) {
        if (Values.isLong(a) && Values.isLong(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if (a.isBigInteger() || a.isBigDecimal() || b.isBigInteger() || b.isBigDecimal()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        double x = a.doubleValue();
        double y = b.doubleValue();
        return x < y ? -1 : x > y ? 1 : 0;
    }

    /** The number a string spells (whole or decimal), or {@code null}; never throws, so it is cheap on any text. */
    static JsonNode parseNumber(String text) {
        int n = text.length();
        if (n == 0 || n > 40) {
            return null;
        }
        boolean whole = true;
        int digits = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '-' || c == '+') {
                if (i != 0 && text.charAt(i - 1) != 'e' && text.charAt(i - 1) != 'E') {
                    return null;
                }
            } else if (c == '.' || c == 'e' || c == 'E') {
                whole = false;
            } else {
                return null;
            }
        }
        if (digits == 0) {
            return null;
        }
        try {
            if (whole && n <= 18) {
                return Values.number(Long.parseLong(text));
            }
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? Values.number(value) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** 1 for "true", 0 for "false", -1 otherwise (as Elasticsearch reads a boolean field's term). */
    private static int parseBoolean(String text) {
        return "true".equals(text) ? 1 : "false".equals(text) ? 0 : -1;
    }
}
