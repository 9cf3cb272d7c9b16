package dev.tripline.eql.compiler;

import dev.tripline.eql.function.Values;
import dev.tripline.eql.match.FoldedStringSet;
import dev.tripline.eql.match.PatternSet;
import dev.tripline.eql.match.Regex;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The scalar tests behind {@code in}, {@code :}, {@code like}, {@code regex} and boolean fields. */
final class ScalarTests {

    private ScalarTests() {
    }

    /** The text a pattern is matched against: a string's value, or a number's or boolean's text. */
    private static String text(JsonNode value) {
        return value.isString() ? value.stringValue() : Values.text(value);
    }

    /**
     * Membership in a set of constants ({@code in}, {@code in~}, and the plain strings of {@code :}), with the same
     * equality as {@code ==}: strings by value (folded for {@code in~}), numbers numerically, a string that spells a
     * number equal to that number.
     */
    static final class ConstantSet implements ScalarTest {
        private final boolean caseInsensitive;
        private final Set<String> strings;
        private final FoldedStringSet foldedStrings;
        /** number literals: equal to number values and to strings spelling them */
        private final NumberSet numbers;
        /** number literals and strings spelling numbers: equal to number values */
        private final NumberSet numbersForNumbers;
        private final boolean trueForStrings;
        private final boolean falseForStrings;
        private final boolean trueForBooleans;
        private final boolean falseForBooleans;

        ConstantSet(List<JsonNode> constants, boolean caseInsensitive) {
            this.caseInsensitive = caseInsensitive;
            Set<String> stringSet = new HashSet<>();
            List<JsonNode> numberLiterals = new java.util.ArrayList<>();
            List<JsonNode> allNumbers = new java.util.ArrayList<>();
            boolean ts = false;
            boolean fs = false;
            boolean tb = false;
            boolean fb = false;
            for (JsonNode constant : constants) {
                if (constant.isString()) {
                    String s = constant.stringValue();
                    stringSet.add(s);
                    JsonNode number = Comparisons.parseNumber(s);
                    if (number != null) {
                        allNumbers.add(number);
                    }
                    tb |= "true".equals(s);
                    fb |= "false".equals(s);
                } else if (constant.isNumber()) {
                    numberLiterals.add(constant);
                    allNumbers.add(constant);
                } else if (constant.isBoolean()) {
                    ts |= constant.booleanValue();
                    fs |= !constant.booleanValue();
                    tb |= constant.booleanValue();
                    fb |= !constant.booleanValue();
                }
            }
            this.strings = caseInsensitive ? Set.of() : stringSet;
            this.foldedStrings = caseInsensitive ? new FoldedStringSet(stringSet) : null;
            this.numbers = new NumberSet(numberLiterals);
            this.numbersForNumbers = new NumberSet(allNumbers);
            this.trueForStrings = ts;
            this.falseForStrings = fs;
            this.trueForBooleans = tb;
            this.falseForBooleans = fb;
        }

        @Override
        public boolean matches(JsonNode value) {
            if (value.isString()) {
                String s = value.stringValue();
                if (caseInsensitive ? foldedStrings.contains(s) : strings.contains(s)) {
                    return true;
                }
                if (!numbers.isEmpty()) {
                    JsonNode number = Comparisons.parseNumber(s);
                    if (number != null && numbers.contains(number)) {
                        return true;
                    }
                }
                return trueForStrings && "true".equals(s) || falseForStrings && "false".equals(s);
            }
            if (value.isNumber()) {
                return numbersForNumbers.contains(value);
            }
            if (value.isBoolean()) {
                return value.booleanValue() ? trueForBooleans : falseForBooleans;
            }
            return false;
        }

        @Override
        public boolean rejects(JsonNode value) {
            return (value.isString() || value.isNumber() || value.isBoolean()) && !matches(value);
        }

        /**
         * The set's strings when it matches exactly the string values equal to one of them and nothing else (no
         * case folding, no number or boolean that a value of another kind could equal); else {@code null}.
         */
        Set<String> exactStrings() {
            if (caseInsensitive || !numbers.isEmpty() || !numbersForNumbers.isEmpty() || trueForStrings
                    || falseForStrings || trueForBooleans || falseForBooleans || strings.isEmpty()) {
                return null;
            }
            return strings;
        }
    }

    /**
     * Whether {@code ==} against this string constant holds only for string values equal to it: true unless the
     * constant spells a number or a boolean, which values of those kinds would equal too.
     */
    static boolean matchesOnlyItself(String constant) {
        return Comparisons.parseNumber(constant) == null && !"true".equals(constant) && !"false".equals(constant);
    }

    /** Numbers compared numerically: whole ones (and whole-valued decimals) as longs, the rest as doubles. */
    private static final class NumberSet {
        private final long[] wholes;
        private final double[] decimals;

        NumberSet(List<JsonNode> numbers) {
            Set<Long> wholeSet = new HashSet<>();
            Set<Double> decimalSet = new HashSet<>();
            for (JsonNode number : numbers) {
                if (Values.isLong(number)) {
                    wholeSet.add(number.longValue());
                } else if (isWhole(number.doubleValue())) {
                    wholeSet.add((long) number.doubleValue());
                } else {
                    decimalSet.add(number.doubleValue());
                }
            }
            wholes = wholeSet.stream().mapToLong(Long::longValue).sorted().toArray();
            decimals = decimalSet.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        }

        boolean isEmpty() {
            return wholes.length == 0 && decimals.length == 0;
        }

        boolean contains(JsonNode number) {
            if (Values.isLong(number)) {
                return Arrays.binarySearch(wholes, number.longValue()) >= 0;
            }
            double d = number.doubleValue();
            if (isWhole(d)) {
                return Arrays.binarySearch(wholes, (long) d) >= 0;
            }
            return Arrays.binarySearch(decimals, d) >= 0;
        }

        private static boolean isWhole(double d) {
            return d == Math.rint(d) && Math.abs(d) < 0x1p62;
        }
    }

    /** {@code :}, {@code like}, {@code like~} against a list of wildcard patterns. */
    static final class Patterns implements ScalarTest {
        private final PatternSet patterns;

        Patterns(PatternSet patterns) {
            this.patterns = patterns;
        }

        @Override
        public boolean matches(JsonNode value) {
            String text = text(value);
            return text != null && patterns.matches(text);
        }

        @Override
        public boolean rejects(JsonNode value) {
            String text = text(value);
            return text != null && !patterns.matches(text);
        }
    }

    /** {@code regex}, {@code regex~} against a list of patterns. */
    static final class Regexes implements ScalarTest {
        private final Regex[] regexes;

        Regexes(List<Regex> regexes) {
            this.regexes = regexes.toArray(Regex[]::new);
        }

        @Override
        public boolean matches(JsonNode value) {
            String text = text(value);
            if (text == null) {
                return false;
            }
            for (Regex regex : regexes) {
                if (regex.matches(text)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean rejects(JsonNode value) {
            return text(value) != null && !matches(value);
        }
    }

    /** A field or function used as a condition by itself: true or false when it holds a boolean. */
    static final ScalarTest BOOLEAN = new ScalarTest() {
        @Override
        public boolean matches(JsonNode value) {
            return value.isBoolean() ? value.booleanValue() : value.isString() && "true".equals(value.stringValue());
        }

        @Override
        public boolean rejects(JsonNode value) {
            return value.isBoolean() ? !value.booleanValue() : value.isString() && "false".equals(value.stringValue());
        }
    };

    /** Holds when any of the tests holds; rejected when all reject. */
    static final class AnyOf implements ScalarTest {
        private final ScalarTest[] tests;

        AnyOf(List<ScalarTest> tests) {
            this.tests = tests.toArray(ScalarTest[]::new);
        }

        @Override
        public boolean matches(JsonNode value) {
            for (ScalarTest test : tests) {
                if (test.matches(value)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean rejects(JsonNode value) {
            for (ScalarTest test : tests) {
                if (!test.rejects(value)) {
                    return false;
                }
            }
            return true;
        }
    }
}
