package dev.tripline.eql.compiler;

import dev.tripline.eql.Expression;
import dev.tripline.eql.Expression.And;
import dev.tripline.eql.Expression.Arithmetic;
import dev.tripline.eql.Expression.Comparison;
import dev.tripline.eql.Expression.Comparison.Operator;
import dev.tripline.eql.Expression.Field;
import dev.tripline.eql.Expression.FunctionCall;
import dev.tripline.eql.Expression.In;
import dev.tripline.eql.Expression.Literal;
import dev.tripline.eql.Expression.Match;
import dev.tripline.eql.Expression.Negate;
import dev.tripline.eql.Expression.Not;
import dev.tripline.eql.Expression.Or;
import dev.tripline.eql.function.EqlFunction;
import dev.tripline.eql.function.Values;
import dev.tripline.eql.match.CidrSet;
import dev.tripline.eql.match.PatternSet;
import dev.tripline.eql.match.Regex;
import dev.tripline.event.FieldPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Turns expressions into {@link Condition}s and {@link Operand}s, once per query: field paths are resolved to
 * {@link FieldPath}s (one instance per name, shared by all stages), constants are converted and case-folded,
 * patterns compiled, and every subtree that reads no field is evaluated here and replaced by its value.
 */
final class ExpressionCompiler {

    private final Map<String, FieldPath> paths = new HashMap<>();

    FieldPath path(String name) {
        return paths.computeIfAbsent(name, FieldPath::of);
    }

    Condition condition(Expression expression) {
        Condition condition = build(expression);
        if (condition.isConstant() && !(condition instanceof Conditions.Constant)) {
            return Conditions.constant(condition.test(null), condition.testFalse(null));
        }
        return condition;
    }

    private Condition build(Expression expression) {
        if (expression instanceof Literal literal) {
            Object value = literal.value();
            return value instanceof Boolean b ? (b ? Conditions.TRUE : Conditions.FALSE) : Conditions.UNKNOWN;
        }
        if (expression instanceof Not not) {
            Condition operand = condition(not.operand());
            return operand instanceof Conditions.Not inner ? inner.operand() : new Conditions.Not(operand);
        }
        if (expression instanceof And and) {
            List<Condition> operands = new ArrayList<>();
            for (Expression operand : and.operands()) {
                Condition compiled = condition(operand);
                if (compiled == Conditions.TRUE) {
                    continue;
                }
                if (compiled == Conditions.FALSE) {
                    return Conditions.FALSE;
                }
                operands.add(compiled);
            }
            return operands.isEmpty() ? Conditions.TRUE
                    : operands.size() == 1 ? operands.get(0) : new Conditions.And(operands);
        }
        if (expression instanceof Or or) {
            List<Condition> operands = new ArrayList<>();
            for (Expression operand : or.operands()) {
                Condition compiled = condition(operand);
                if (compiled == Conditions.FALSE) {
                    continue;
                }
                if (compiled == Conditions.TRUE) {
                    return Conditions.TRUE;
                }
                operands.add(compiled);
            }
            return operands.isEmpty() ? Conditions.FALSE
                    : operands.size() == 1 ? operands.get(0) : new Conditions.Or(operands);
        }
        if (expression instanceof Comparison comparison) {
            return comparison(comparison.left(), comparison.operator(), comparison.right(), false);
        }
        if (expression instanceof In in) {
            Condition membership = in(in);
            return in.negated() ? new Conditions.Not(membership) : membership;
        }
        if (expression instanceof Match match) {
            return match(match);
        }
        if (expression instanceof FunctionCall call) {
            EqlFunction function = Validation.checkCall(call.name(), call.caseInsensitive(), call.arguments());
            if (function == EqlFunction.CIDR_MATCH) {
                List<String> blocks = new ArrayList<>();
                for (Expression block : call.arguments().subList(1, call.arguments().size())) {
                    blocks.add((String) ((Literal) block).value());
                }
                return new Conditions.CidrMatch(operand(call.arguments().get(0)), CidrSet.compile(blocks));
            }
        }
        return test(operand(expression), ScalarTests.BOOLEAN);
    }

    private Condition comparison(Expression left, Operator operator, Expression right, boolean caseInsensitive) {
        boolean leftNull = left instanceof Literal l && l.isNull();
        boolean rightNull = right instanceof Literal r && r.isNull();
        if (leftNull || rightNull) {
            // == null and != null test presence; ordering against null is never known
            if (operator != Operator.EQ && operator != Operator.NEQ) {
                return Conditions.UNKNOWN;
            }
            Condition isNull = leftNull && rightNull ? Conditions.TRUE
                    : new Conditions.IsNull(operand(leftNull ? right : left));
            return operator == Operator.EQ ? isNull : new Conditions.Not(isNull);
        }
        if (operator == Operator.NEQ) {
            return new Conditions.Not(comparison(left, Operator.EQ, right, caseInsensitive));
        }
        Operand a = operand(left);
        Operand b = operand(right);
        if (a.isConstant() && !b.isConstant()) {
            Operand swap = a;
            a = b;
            b = swap;
            operator = operator.flipped();
        }
        if (b instanceof Operands.Constant constant) {
            JsonNode value = constant.value();
            if (value == null || value.isNull()) {
                return Conditions.UNKNOWN;
            }
            ScalarTest test = value.isArray() ? null : ComparisonTest.of(operator, value, caseInsensitive);
            if (test == null) {
                return new Conditions.OperandComparison(a, operator, b, caseInsensitive);
            }
            if (a instanceof Operands.Field field) {
                if (operator == Operator.EQ && value.isString() && !caseInsensitive) {
                    return new Conditions.FieldEqualsString(field.path(), value.stringValue(), test);
                }
                return new Conditions.FieldTest(field.path(), test);
            }
            return new Conditions.OperandTest(a, test);
        }
        return new Conditions.OperandComparison(a, operator, b, caseInsensitive);
    }

    private Condition in(In in) {
        List<JsonNode> constants = new ArrayList<>();
        List<Condition> others = new ArrayList<>();
        boolean nullCandidate = false;
        for (Expression candidate : in.candidates()) {
            Operand compiled = operand(candidate);
            if (compiled instanceof Operands.Constant constant && !(constant.value() != null
                    && constant.value().isArray())) {
                if (constant.value() == null) {
                    nullCandidate = true;
                } else {
                    constants.add(constant.value());
                }
            } else {
                others.add(comparison(in.value(), Operator.EQ, candidate, in.caseInsensitive()));
            }
        }
        List<Condition> alternatives = new ArrayList<>();
        if (!constants.isEmpty()) {
            alternatives.add(test(operand(in.value()), new ScalarTests.ConstantSet(constants, in.caseInsensitive())));
        }
        if (nullCandidate) {
            alternatives.add(new Conditions.IsNull(operand(in.value())));
        }
        alternatives.addAll(others);
        return alternatives.size() == 1 ? alternatives.get(0) : new Conditions.Or(alternatives);
    }

    private Condition match(Match match) {
        Validation.checkMatch(match.operator(), match.patterns());
        Operand value = operand(match.value());
        List<ScalarTest> tests = new ArrayList<>();
        if (match.operator().regex()) {
            List<Regex> regexes = new ArrayList<>();
            for (Literal pattern : match.patterns()) {
                regexes.add(Regex.compile((String) pattern.value(), match.operator().caseInsensitive()));
            }
            tests.add(new ScalarTests.Regexes(regexes));
        } else {
            List<String> strings = new ArrayList<>();
            List<JsonNode> others = new ArrayList<>();
            for (Literal pattern : match.patterns()) {
                if (pattern.isString()) {
                    strings.add((String) pattern.value());
                } else {
                    others.add(Values.of(pattern.value()));
                }
            }
            if (!strings.isEmpty()) {
                tests.add(new ScalarTests.Patterns(
                        PatternSet.compile(strings, match.operator().caseInsensitive())));
            }
            if (!others.isEmpty()) {
                tests.add(new ScalarTests.ConstantSet(others, true));
            }
        }
        return test(value, tests.size() == 1 ? tests.get(0) : new ScalarTests.AnyOf(tests));
    }

    private static Condition test(Operand operand, ScalarTest test) {
        return operand instanceof Operands.Field field
                ? new Conditions.FieldTest(field.path(), test)
                : new Conditions.OperandTest(operand, test);
    }

    Operand operand(Expression expression) {
        Operand operand = buildOperand(expression);
        if (operand.isConstant() && !(operand instanceof Operands.Constant)) {
            return new Operands.Constant(operand.eval(null));
        }
        return operand;
    }

    private Operand buildOperand(Expression expression) {
        if (expression instanceof Literal literal) {
            return new Operands.Constant(Values.of(literal.value()));
        }
        if (expression instanceof Field field) {
            return new Operands.Field(path(field.name()));
        }
        if (expression instanceof Arithmetic arithmetic) {
            return new Operands.Arithmetic(arithmetic.operator(), operand(arithmetic.left()),
                    operand(arithmetic.right()));
        }
        if (expression instanceof Negate negate) {
            return new Operands.Negate(operand(negate.operand()));
        }
        if (expression instanceof FunctionCall call) {
            EqlFunction function = Validation.checkCall(call.name(), call.caseInsensitive(), call.arguments());
            if (function != EqlFunction.CIDR_MATCH) {
                List<Operand> arguments = new ArrayList<>();
                for (Expression argument : call.arguments()) {
                    arguments.add(operand(argument));
                }
                return new Operands.Call(function, call.caseInsensitive(), arguments);
            }
        }
        return new Operands.Bool(condition(expression));
    }
}
