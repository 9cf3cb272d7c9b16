package dev.tripline.eql;

import java.util.List;
import java.util.Objects;

/**
 * The expressions of an EQL condition, as parsed: nothing is folded or rewritten except that a minus sign before a
 * number literal becomes part of the literal. Every node renders back to EQL ({@link #render()}) such that parsing
 * the text gives an equal node; parentheses are not nodes, the renderer adds those that precedence needs.
 */
public sealed interface Expression {

    default String render() {
        return EqlRenderer.render(this);
    }

    /** {@code null}, {@code true}/{@code false}, a whole number (Long), a decimal (Double) or a string. */
    record Literal(Object value) implements Expression {

        public static final Literal NULL = new Literal(null);
        public static final Literal TRUE = new Literal(Boolean.TRUE);
        public static final Literal FALSE = new Literal(Boolean.FALSE);

        public Literal {
            if (value instanceof Integer i) {
                value = i.longValue();
            }
            if (!(value == null || value instanceof Boolean || value instanceof Long || value instanceof Double
                    || value instanceof String)) {
                throw new IllegalArgumentException("not an EQL literal: " + value.getClass().getName());
            }
            if (value instanceof Double d && !Double.isFinite(d)) {
                throw new IllegalArgumentException("EQL numbers are finite, was " + d);
            }
        }

        public static Literal of(Object value) {
            return new Literal(value);
        }

        public boolean isNull() {
            return value == null;
        }

        public boolean isString() {
            return value instanceof String;
        }

        public boolean isNumber() {
            return value instanceof Long || value instanceof Double;
        }
    }

    /** A field by its dotted name; {@code optional} when written {@code ?name}. */
    record Field(String name, boolean optional) implements Expression {

        public Field {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("field name must not be empty");
            }
        }

        public static Field of(String name) {
            return new Field(name, false);
        }
    }

    record Not(Expression operand) implements Expression {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /** {@code a and b and c}: a chain of {@code and} is one node, flattened. */
    record And(List<Expression> operands) implements Expression {
        public And {
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("and needs two operands or more");
            }
        }
    }

    /** {@code a or b or c}: a chain of {@code or} is one node, flattened. */
    record Or(List<Expression> operands) implements Expression {
        public Or {
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("or needs two operands or more");
            }
        }
    }

    record Comparison(Expression left, Operator operator, Expression right) implements Expression {

        public enum Operator {
            EQ("=="), NEQ("!="), LT("<"), LTE("<="), GT(">"), GTE(">=");

            private final String symbol;

            Operator(String symbol) {
                this.symbol = symbol;
            }

            public String symbol() {
                return symbol;
            }

            /** The operator that gives the same answer with the operands swapped. */
            public Operator flipped() {
                return switch (this) {
                    case EQ, NEQ -> this;
                    case LT -> GT;
                    case LTE -> GTE;
                    case GT -> LT;
                    case GTE -> LTE;
                };
            }
        }

        public Comparison {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(right, "right");
        }
    }

    record Arithmetic(Expression left, Operator operator, Expression right) implements Expression {

        public enum Operator {
            ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%");

            private final String symbol;

            Operator(String symbol) {
                this.symbol = symbol;
            }

            public String symbol() {
                return symbol;
            }

            public boolean multiplicative() {
                return this == MULTIPLY || this == DIVIDE || this == MODULO;
            }
        }

        public Arithmetic {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(right, "right");
        }
    }

    /** Unary minus of anything but a number literal (that is folded into the literal). */
    record Negate(Expression operand) implements Expression {
        public Negate {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /** {@code value in (a, b)}, {@code in~} when case-insensitive, {@code not in} when negated. */
    record In(Expression value, List<Expression> candidates, boolean caseInsensitive, boolean negated)
            implements Expression {
        public In {
            Objects.requireNonNull(value, "value");
            candidates = List.copyOf(candidates);
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException("in needs at least one candidate");
            }
        }
    }

    /** {@code value : "a*"}, {@code like}, {@code like~}, {@code regex}, {@code regex~}, against constants. */
    record Match(Expression value, Operator operator, List<Literal> patterns) implements Expression {

        public enum Operator {
            /** {@code :} — case-insensitive equality with {@code *} and {@code ?} wildcards */
            SEQ(":", true, false),
            LIKE("like", false, false),
            LIKE_INSENSITIVE("like~", true, false),
            REGEX("regex", false, true),
            REGEX_INSENSITIVE("regex~", true, true);

            private final String symbol;
            private final boolean caseInsensitive;
            private final boolean regex;

            Operator(String symbol, boolean caseInsensitive, boolean regex) {
                this.symbol = symbol;
                this.caseInsensitive = caseInsensitive;
                this.regex = regex;
            }

            public String symbol() {
                return symbol;
            }

            public boolean caseInsensitive() {
                return caseInsensitive;
            }

            public boolean regex() {
                return regex;
            }
        }

        public Match {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(operator, "operator");
            patterns = List.copyOf(patterns);
            if (patterns.isEmpty()) {
                throw new IllegalArgumentException(operator.symbol() + " needs at least one pattern");
            }
        }
    }

    /**
     * A function call; {@code name} is the function's canonical spelling ({@code cidrMatch} however it was written)
     * and {@code caseInsensitive} its {@code ~} form.
     */
    record FunctionCall(String name, boolean caseInsensitive, List<Expression> arguments) implements Expression {
        public FunctionCall {
            Objects.requireNonNull(name, "name");
            arguments = List.copyOf(arguments);
        }
    }
}
