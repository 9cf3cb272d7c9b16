package dev.tripline.eql.compiler;

import dev.tripline.eql.EventPredicate.Term;
import dev.tripline.eql.match.CidrSet;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The compiled conditions: logic, null tests, and tests of a field or operand against constants. */
final class Conditions {

    static final Condition TRUE = new Constant(true, false);
    static final Condition FALSE = new Constant(false, true);
    static final Condition UNKNOWN = new Constant(false, false);

    private Conditions() {
    }

    static Condition constant(boolean isTrue, boolean isFalse) {
        return isTrue ? TRUE : isFalse ? FALSE : UNKNOWN;
    }

    /** Whether none of the operands reads the event ({@code and}, {@code or}). */
    private static boolean allConstant(Condition[] operands) {
        for (Condition operand : operands) {
            if (!operand.isConstant()) {
                return false;
            }
        }
        return true;
    }

    private static void collectAll(Condition[] operands, Set<FieldPath> into) {
        for (Condition operand : operands) {
            operand.collectFields(into);
        }
    }

    static final class Constant extends Condition {
        private final boolean isTrue;
        private final boolean isFalse;

        private Constant(boolean isTrue, boolean isFalse) {
            this.isTrue = isTrue;
            this.isFalse = isFalse;
        }

        @Override
        public boolean test(Event event) {
            return isTrue;
        }

        @Override
        public boolean testFalse(Event event) {
            return isFalse;
        }

        @Override
        boolean isConstant() {
            return true;
        }

        @Override
        void collectFields(Set<FieldPath> into) {
        }
    }

    static final class Not extends Condition {
        private final Condition operand;

        Not(Condition operand) {
            this.operand = operand;
        }

        Condition operand() {
            return operand;
        }

        @Override
        public boolean test(Event event) {
            return operand.testFalse(event);
        }

        @Override
        public boolean testFalse(Event event) {
            return operand.test(event);
        }

        @Override
        boolean isConstant() {
            return operand.isConstant();
        }

        @Override
        void collectFields(Set<FieldPath> into) {
            operand.collectFields(into);
        }
    }

    /** True when every operand is; false when any is; evaluated left to right, stopping at the first answer. */
    static final class And extends Condition {
        private final Condition[] operands;

        And(List<Condition> operands) {
            this.operands = operands.toArray(Condition[]::new);
        }

        @Override
        public boolean test(Event event) {
            for (Condition operand : operands) {
                if (!operand.test(event)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean testFalse(Event event) {
            for (Condition operand : operands) {
                if (operand.testFalse(event)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        boolean isConstant() {
            return allConstant(operands);
        }

        @Override
        void collectFields(Set<FieldPath> into) {
            collectAll(operands, into);
        }

        /** Every conjunct's terms are the whole's. */
        @Override
        public List<Term> requiredTerms() {
            List<Term> terms = new ArrayList<>();
            for (Condition operand : operands) {
                terms.addAll(operand.requiredTerms());
            }
            return terms;
        }
    }

    /** True when any operand is; false when every operand is. */
    static final class Or extends Condition {
        private final Condition[] operands;

        Or(List<Condition> operands) {
            this.operands = operands.toArray(Condition[]::new);
        }

        @Override
        public boolean test(Event event) {
            for (Condition operand : operands) {
                if (operand.test(event)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean testFalse(Event event) {
            for (Condition operand : operands) {
                if (!operand.testFalse(event)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        boolean isConstant() {
            return allConstant(operands);
        }

        @Override
        void collectFields(Set<FieldPath> into) {
            collectAll(operands, into);
        }

        /** A field every alternative requires, with the union of their values. */
        @Override
        public List<Term> requiredTerms() {
            List<Term> first = operands[0].requiredTerms();
            for (Term candidate : first) {
                Set<String> values = new HashSet<>(candidate.values());
                boolean everywhere = true;
                for (int i = 1; i < operands.length && everywhere; i++) {
                    everywhere = false;
                    for (Term term : operands[i].requiredTerms()) {
                        if (term.field().equals(candidate.field())) {
                            values.addAll(term.values());
                            everywhere = true;
                            break;
                        }
                    }
                }
                if (everywhere) {
                    return List.of(new Term(candidate.field(), values));
                }
            }
            return List.of();
        }
    }

    /** {@code x == null}: the value is missing, JSON null, or an array without a non-null element. Never unknown. */
    static final class IsNull extends Condition {
        private final Operand operand;

        IsNull(Operand operand) {
            this.operand = operand;
        }

        @Override
        public boolean test(Event event) {
            return isNull(operand.eval(event));
        }

        @Override
        public boolean testFalse(Event event) {
            return !isNull(operand.eval(event));
        }

        static boolean isNull(JsonNode value) {
            if (value == null || value.isNull() || value.isMissingNode()) {
                return true;
            }
            if (value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    if (!isNull(value.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            return false;
        }

        @Override
        boolean isConstant() {
            return operand.isConstant();
        }

        @Override
        void collectFields(Set<FieldPath> into) {
            operand.collectFields(into);
        }
    }

    /**
     * A field compared against constants. A multi-valued field holds when any of its values does, and is false only
     * when it has values and every one is false (so {@code !=} against an array containing the constant is false,
     * as Elasticsearch's {@code must_not term} is).
     */
    static final class FieldTest extends Condition {
        private final FieldPath path;
        private final ScalarTest test;

        FieldTest(FieldPath path, ScalarTest test) {
            this.path = path;
            this.test = test;
        }

        @Override
        public boolean test(Event event) {
            return anyMatches(event.get(path), test);
        }

        @Override
        public boolean testFalse(Event event) {
            return allReject(event.get(path), test);
        }

        @Override
        void collectFields(Set<FieldPath> into) {
            into.add(path);
        }

        @Override
        public List<Term> requiredTerms() {
            Set<String> strings = test instanceof ScalarTests.ConstantSet set ? set.exactStrings() : null;
            return strings == null ? List.of() : List.of(new Term(path, strings));
        }
    }

    /** Any other operand (function call, arithmetic) compared against constants. */
    static final class OperandTest extends Condition {
        private final Operand operand;
        private final ScalarTest test;

        OperandTest(Operand operand, ScalarTest test) {
            this.operand = operand;
            this.test = test;
        }

        @Override
        public boolean test(Event event) {
            return anyMatches(operand.eval(event), test);
        }

        @Override
        public boolean testFalse(Event event) {
            return allReject(operand.eval(event), test);
        }

        @Override
        boolean isConstant() {
            return operand.isConstant();
        }

        @Override
        void collectFields(Set<FieldPath> into) {
            operand.collectFields(into);
        }
    }

    /** {@code field == "constant"}, the commonest test in rules, without the generic comparison's dispatch. */
    static final class FieldEqualsString extends Condition {
        private final FieldPath path;
        private final String constant;
        private final ScalarTest general;

        FieldEqualsString(FieldPath path, String constant, ScalarTest general) {
            this.path = path;
            this.constant = constant;
            this.general = general;
        }

        @Override
        public boolean test(Event event) {
            JsonNode value = event.get(path);
            if (value == null) {
                return false;
            }
            if (value.isString()) {
                return constant.equals(value.stringValue());
            }
            if (value.isArray()) {
                for (int i = 0, n = value.size(); i < n; i++) {
                    JsonNode element = value.get(i);
                    if (element.isString() ? constant.equals(element.stringValue()) : anyMatches(element, general)) {
                        return true;
                    }
                }
                return false;
            }
            return anyMatches(value, general);
        }

        @Override
        public boolean testFalse(Event event) {
            return allReject(event.get(path), general);
        }

        @Override
        void collectFields(Set<FieldPath> into) {
            into.add(path);
        }

        @Override
        public List<Term> requiredTerms() {
            return ScalarTests.matchesOnlyItself(constant) ? List.of(new Term(path, Set.of(constant))) : List.of();
        }
    }

    /** {@code cidrMatch(value, blocks...)} with its blocks parsed once. */
    static final class CidrMatch extends Condition {
        private final Operand operand;
        private final CidrSet blocks;
        private final ScalarTest test;

        CidrMatch(Operand operand, CidrSet blocks) {
            this.operand = operand;
            this.blocks = blocks;
            this.test = new ScalarTest() {
                @Override
                public boolean matches(JsonNode value) {
                    return value.isString() && CidrMatch.this.blocks.contains(value.stringValue());
                }

                @Override
                public boolean rejects(JsonNode value) {
                    return value.isString() && !CidrMatch.this.blocks.contains(value.stringValue())
                            || value.isNumber() || value.isBoolean();
                }
            };
        }

        @Override
        public boolean test(Event event) {
            return anyMatches(operand.eval(event), test);
        }

        @Override
        public boolean testFalse(Event event) {
            return allReject(operand.eval(event), test);
        }

        @Override
        boolean isConstant() {
            return operand.isConstant();
        }

        @Override
        void collectFields(Set<FieldPath> into) {
            operand.collectFields(into);
        }
    }

    /** Operand against operand ({@code a < b}, {@code x in (y, "z")}): holds when any pair of values does. */
    static final class OperandComparison extends Condition {
        private final Operand left;
        private final dev.tripline.eql.Expression.Comparison.Operator operator;
        private final Operand right;
        private final boolean caseInsensitive;

        OperandComparison(Operand left, dev.tripline.eql.Expression.Comparison.Operator operator, Operand right,
                boolean caseInsensitive) {
            this.left = left;
            this.operator = operator;
            this.right = right;
            this.caseInsensitive = caseInsensitive;
        }

        @Override
        public boolean test(Event event) {
            JsonNode a = left.eval(event);
            if (IsNull.isNull(a)) {
                return false;
            }
            JsonNode b = right.eval(event);
            if (IsNull.isNull(b)) {
                return false;
            }
            return anyMatches(a, new ScalarTest() {
                @Override
                public boolean matches(JsonNode x) {
                    return anyMatches(b, ComparisonTest.of(operator.flipped(), x, caseInsensitive));
                }

                @Override
                public boolean rejects(JsonNode x) {
                    return false;
                }
            });
        }

        @Override
        public boolean testFalse(Event event) {
            JsonNode a = left.eval(event);
            JsonNode b = right.eval(event);
            if (IsNull.isNull(a) || IsNull.isNull(b)) {
                return false;
            }
            return allReject(a, new ScalarTest() {
                @Override
                public boolean matches(JsonNode x) {
                    return false;
                }

                @Override
                public boolean rejects(JsonNode x) {
                    return allReject(b, ComparisonTest.of(operator.flipped(), x, caseInsensitive));
                }
            });
        }

        @Override
        boolean isConstant() {
            return left.isConstant() && right.isConstant();
        }

        @Override
        void collectFields(Set<FieldPath> into) {
            left.collectFields(into);
            right.collectFields(into);
        }
    }

    static boolean anyMatches(JsonNode value, ScalarTest test) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isArray()) {
            for (int i = 0, n = value.size(); i < n; i++) {
                if (anyMatches(value.get(i), test)) {
                    return true;
                }
            }
            return false;
        }
        return test.matches(value);
    }

    /** Every non-null value is rejected, and there is at least one. */
    static boolean allReject(JsonNode value, ScalarTest test) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isArray()) {
            boolean any = false;
            for (int i = 0, n = value.size(); i < n; i++) {
                JsonNode element = value.get(i);
                if (IsNull.isNull(element)) {
                    continue;
                }
                if (!allReject(element, test)) {
                    return false;
                }
                any = true;
            }
            return any;
        }
        return test.rejects(value);
    }
}
