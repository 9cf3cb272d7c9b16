package dev.tripline.eql.compiler;

import dev.tripline.eql.function.EqlFunction;
import dev.tripline.eql.function.Values;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** The compiled value expressions. */
final class Operands {

    /** A function or operator over multi-valued arguments is mapped over at most this many combinations. */
    static final int MAX_COMBINATIONS = 1024;

    private Operands() {
    }

    static final class Constant extends Operand {
        private final JsonNode value;

        Constant(JsonNode value) {
            this.value = value;
        }

        JsonNode value() {
            return value;
        }

        @Override
        JsonNode eval(Event event) {
            return value;
        }

        @Override
        boolean isConstant() {
            return true;
        }

        @Override
        void collectFields(Set<FieldPath> into) {
        }
    }

    static final class Field extends Operand {
        private final FieldPath path;

        Field(FieldPath path) {
            this.path = path;
        }

        FieldPath path() {
            return path;
        }

        @Override
        JsonNode eval(Event event) {
            return event.get(path);
        }

        @Override
        void collectFields(Set<FieldPath> into) {
            into.add(path);
        }
    }

    /** A boolean expression used as a value: true, false, or null when unknown. */
    static final class Bool extends Operand {
        private final Condition condition;

        Bool(Condition condition) {
            this.condition = condition;
        }

        @Override
        JsonNode eval(Event event) {
            return condition.test(event) ? Values.bool(true) : condition.testFalse(event) ? Values.bool(false) : null;
        }

        @Override
        boolean isConstant() {
            return condition.isConstant();
        }

        @Override
        void collectFields(Set<FieldPath> into) {
            condition.collectFields(into);
        }
    }

    /** Applies a function of single values to arguments that may be multi-valued. */
    abstract static class Mapped extends Operand {
        private final Operand[] arguments;

        Mapped(List<Operand> arguments) {
            this.arguments = arguments.toArray(Operand[]::new);
        }

        abstract JsonNode applyToValues(JsonNode[] values);

        @Override
        JsonNode eval(Event event) {
            JsonNode[] values = new JsonNode[arguments.length];
            boolean multi = false;
            for (int i = 0; i < arguments.length; i++) {
                JsonNode value = arguments[i].eval(event);
                if (value != null && (value.isNull() || value.isMissingNode())) {
                    value = null;
                }
                if (value != null && value.isArray()) {
                    multi = true;
                }
                values[i] = value;
            }
            if (!multi) {
                return applyToValues(values);
            }
            ArrayNode results = Values.NODES.arrayNode();
            combine(values, 0, new JsonNode[values.length], results, new int[] {0});
            return results.isEmpty() ? null : results;
        }

        private void combine(JsonNode[] values, int index, JsonNode[] current, ArrayNode results, int[] budget) {
            if (budget[0] >= MAX_COMBINATIONS) {
                return;
            }
            if (index == values.length) {
                budget[0]++;
                JsonNode result = applyToValues(current.clone());
                if (result != null) {
                    results.add(result);
                }
                return;
            }
            JsonNode value = values[index];
            if (value != null && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    JsonNode element = value.get(i);
                    if (element == null || element.isNull() || element.isArray() || element.isObject()) {
                        continue;
                    }
                    current[index] = element;
                    combine(values, index + 1, current, results, budget);
                }
            } else {
                current[index] = value;
                combine(values, index + 1, current, results, budget);
            }
        }

        @Override
        boolean isConstant() {
            for (Operand argument : arguments) {
                if (!argument.isConstant()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        void collectFields(Set<FieldPath> into) {
            for (Operand argument : arguments) {
                argument.collectFields(into);
            }
        }
    }

    static final class Call extends Mapped {
        private final EqlFunction function;
        private final boolean caseInsensitive;

        Call(EqlFunction function, boolean caseInsensitive, List<Operand> arguments) {
            super(arguments);
            this.function = function;
            this.caseInsensitive = caseInsensitive;
        }

        @Override
        JsonNode applyToValues(JsonNode[] values) {
            return function.apply(values, caseInsensitive);
        }
    }

    static final class Arithmetic extends Mapped {
        private final dev.tripline.eql.Expression.Arithmetic.Operator operator;

        Arithmetic(dev.tripline.eql.Expression.Arithmetic.Operator operator, Operand left, Operand right) {
            super(List.of(left, right));
            this.operator = operator;
        }

        @Override
        JsonNode applyToValues(JsonNode[] values) {
            JsonNode a = values[0];
            JsonNode b = values[1];
            return switch (operator) {
                case ADD -> Values.add(a, b);
                case SUBTRACT -> Values.subtract(a, b);
                case MULTIPLY -> Values.multiply(a, b);
                case DIVIDE -> Values.divide(a, b);
                case MODULO -> Values.modulo(a, b);
            };
        }
    }

    static final class Negate extends Mapped {
        Negate(Operand operand) {
            super(List.of(operand));
        }

        @Override
        JsonNode applyToValues(JsonNode[] values) {
            return Values.negate(values[0]);
        }
    }
}
