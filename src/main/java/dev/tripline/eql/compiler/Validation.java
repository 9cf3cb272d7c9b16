package dev.tripline.eql.compiler;

import dev.tripline.eql.EqlException;
import dev.tripline.eql.EqlException.Kind;
import dev.tripline.eql.Expression;
import dev.tripline.eql.Expression.And;
import dev.tripline.eql.Expression.Arithmetic;
import dev.tripline.eql.Expression.Comparison;
import dev.tripline.eql.Expression.Field;
import dev.tripline.eql.Expression.FunctionCall;
import dev.tripline.eql.Expression.In;
import dev.tripline.eql.Expression.Literal;
import dev.tripline.eql.Expression.Match;
import dev.tripline.eql.Expression.Negate;
import dev.tripline.eql.Expression.Not;
import dev.tripline.eql.Expression.Or;
import dev.tripline.eql.Query;
import dev.tripline.eql.function.EqlFunction;
import dev.tripline.eql.function.Type;
import dev.tripline.eql.match.CidrSet;
import dev.tripline.eql.match.Regex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The semantic rules of EQL, checked node by node. The parser applies them as it builds each node, so that an error
 * carries the node's line and column; the compiler applies them again to a whole tree, for trees built by hand.
 * Errors are {@link EqlException}s without a position; callers that know one place them with
 * {@link EqlException#at}.
 */
public final class Validation {

    /** Limits of {@code with runs=N}, as in Elasticsearch. */
    public static final int MIN_RUNS = 1;
    public static final int MAX_RUNS = 100;

    private Validation() {
    }

    /** The static type of an expression: what it yields, as far as the text tells. */
    public static Type typeOf(Expression expression) {
        if (expression instanceof Literal literal) {
            Object value = literal.value();
            if (value == null) {
                return Type.NULL;
            }
            if (value instanceof Boolean) {
                return Type.BOOLEAN;
            }
            return value instanceof String ? Type.STRING : Type.NUMBER;
        }
        if (expression instanceof Field) {
            return Type.ANY;
        }
        if (expression instanceof Arithmetic || expression instanceof Negate) {
            return Type.NUMBER;
        }
        if (expression instanceof FunctionCall call) {
            EqlFunction function = EqlFunction.find(call.name());
            return function == null ? Type.ANY : function.resultType();
        }
        return Type.BOOLEAN;
    }

    /** A condition (a query's {@code where}, an operand of and/or/not) must be able to be true or false. */
    public static void checkCondition(Expression expression, String role) {
        Type type = typeOf(expression);
        if (!type.fits(Type.BOOLEAN) || type == Type.STRING) {
            throw semantic(role + " must be a boolean condition, found " + type.description() + " ["
                    + abbreviate(expression.render()) + "]");
        }
    }

    public static void checkArithmeticOperand(Expression operand, String operator) {
        Type type = typeOf(operand);
        if (!type.fits(Type.NUMBER) || type == Type.STRING || type == Type.BOOLEAN) {
            throw semantic("[" + operator + "] needs numbers, found " + type.description() + " ["
                    + abbreviate(operand.render()) + "]");
        }
    }

    /**
     * Resolves a function name as written (any case) and checks its use.
     *
     * @return the function
     */
    public static EqlFunction checkCall(String name, boolean caseInsensitive, List<Expression> arguments) {
        EqlFunction function = EqlFunction.find(name);
        if (function == null) {
            if (EqlFunction.isLegacy(name)) {
                throw new EqlException(Kind.UNSUPPORTED, "function [" + name
                        + "] belongs to the legacy EQL and is not supported by Elasticsearch's EQL", null);
            }
            throw new EqlException(Kind.SEMANTIC, "unknown function [" + name + "]",
                    Suggestions.closest(name, EqlFunction.names()));
        }
        String shown = function.canonicalName() + (caseInsensitive ? "~" : "");
        if (caseInsensitive && !function.hasInsensitiveForm()) {
            throw semantic("function [" + function.canonicalName() + "] has no case-insensitive ~ form");
        }
        int count = arguments.size();
        if (count < function.requiredArguments() || count > function.maximumArguments()) {
            String expected = function.maximumArguments() == Integer.MAX_VALUE
                    ? "at least " + function.requiredArguments()
                    : function.requiredArguments() == function.maximumArguments()
                            ? String.valueOf(function.requiredArguments())
                            : function.requiredArguments() + " to " + function.maximumArguments();
            throw semantic("function [" + shown + "] takes " + expected + " argument"
                    + ("1".equals(expected) ? "" : "s") + ", found " + count);
        }
        for (int i = 0; i < count; i++) {
            Expression argument = arguments.get(i);
            Type expected = function.parameterType(i);
            Type actual = typeOf(argument);
            if (!actual.fits(expected)) {
                throw semantic("argument " + (i + 1) + " of [" + shown + "] must be " + expected.description()
                        + ", found " + actual.description() + " [" + abbreviate(argument.render()) + "]");
            }
        }
        if (function == EqlFunction.CIDR_MATCH) {
            List<String> blocks = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                if (!(arguments.get(i) instanceof Literal literal) || !literal.isString()) {
                    throw semantic("the CIDR blocks of [cidrMatch] must be string constants, found ["
                            + abbreviate(arguments.get(i).render()) + "]");
                }
                blocks.add((String) literal.value());
            }
            try {
                CidrSet.compile(blocks);
            } catch (IllegalArgumentException e) {
                throw semantic("cidrMatch: " + e.getMessage());
            }
        }
        if (function == EqlFunction.BETWEEN && count > 3 && !(arguments.get(3) instanceof Literal)) {
            throw semantic("the greedy argument of [" + shown + "] must be true or false");
        }
        if (function == EqlFunction.NUMBER_ && count > 1 && arguments.get(1) instanceof Literal base
                && base.value() instanceof Long radix
                && (radix < Character.MIN_RADIX || radix > Character.MAX_RADIX)) {
            throw semantic("the base of [number] must be between " + Character.MIN_RADIX + " and "
                    + Character.MAX_RADIX + ", found " + radix);
        }
        return function;
    }

    /** Patterns of {@code :}, {@code like} and {@code regex} are constants; regexes must compile. */
    public static void checkMatch(Match.Operator operator, List<Literal> patterns) {
        for (Literal pattern : patterns) {
            if (pattern.isNull()) {
                throw semantic("[" + operator.symbol() + "] cannot match null; use == null");
            }
            if (operator != Match.Operator.SEQ && !pattern.isString()) {
                throw semantic("[" + operator.symbol() + "] needs string patterns, found [" + pattern.render() + "]");
            }
            if (operator.regex()) {
                try {
                    Regex.compile((String) pattern.value(), operator.caseInsensitive());
                } catch (Regex.PatternException e) {
                    throw semantic("invalid regex [" + abbreviate((String) pattern.value()) + "] at index "
                            + e.index() + ": " + e.getMessage());
                }
            }
        }
    }

    /** Checks a whole expression tree bottom-up (for trees that did not come from the parser). */
    public static void checkTree(Expression expression) {
        if (expression instanceof Not not) {
            checkTree(not.operand());
            checkCondition(not.operand(), "the operand of not");
        } else if (expression instanceof And and) {
            for (Expression operand : and.operands()) {
                checkTree(operand);
                checkCondition(operand, "an operand of and");
            }
        } else if (expression instanceof Or or) {
            for (Expression operand : or.operands()) {
                checkTree(operand);
                checkCondition(operand, "an operand of or");
            }
        } else if (expression instanceof Comparison comparison) {
            checkTree(comparison.left());
            checkTree(comparison.right());
        } else if (expression instanceof Arithmetic arithmetic) {
            checkTree(arithmetic.left());
            checkTree(arithmetic.right());
            checkArithmeticOperand(arithmetic.left(), arithmetic.operator().symbol());
            checkArithmeticOperand(arithmetic.right(), arithmetic.operator().symbol());
        } else if (expression instanceof Negate negate) {
            checkTree(negate.operand());
            checkArithmeticOperand(negate.operand(), "-");
        } else if (expression instanceof In in) {
            checkTree(in.value());
            in.candidates().forEach(Validation::checkTree);
        } else if (expression instanceof Match match) {
            checkTree(match.value());
            checkMatch(match.operator(), match.patterns());
        } else if (expression instanceof FunctionCall call) {
            call.arguments().forEach(Validation::checkTree);
            checkCall(call.name(), call.caseInsensitive(), call.arguments());
        }
    }

    /** The structural rules of sequences and samples. */
    public static void checkQuery(Query query) {
        if (query instanceof Query.EventQuery event) {
            checkFilter(event.filter());
        } else if (query instanceof Query.SequenceQuery sequence) {
            checkStages(sequence.stages(), sequence.until(), sequence.by().size(), true);
            boolean anyMissing = false;
            int events = 0;
            boolean anyPresent = false;
            for (Query.Stage stage : sequence.stages()) {
                anyMissing |= stage.missing();
                anyPresent |= !stage.missing();
                events += stage.runs();
            }
            if (events < 2) {
                throw semantic("a sequence needs at least two stages (or one with runs=2 or more), found " + events);
            }
            if (!anyPresent) {
                throw semantic("a sequence needs at least one stage that is not a missing event");
            }
            if (anyMissing && sequence.maxspan() == null) {
                throw semantic("missing events ![...] need the sequence to have a maxspan");
            }
            if (sequence.until() != null && (sequence.until().missing() || sequence.until().runs() != 1)) {
                throw semantic("the until stage cannot be a missing event or have runs");
            }
        } else if (query instanceof Query.SampleQuery sample) {
            checkStages(sample.stages(), null, sample.by().size(), false);
            if (sample.stages().size() < 2) {
                throw semantic("a sample needs at least two stages, found " + sample.stages().size());
            }
        }
    }

    private static void checkStages(List<Query.Stage> stages, Query.Stage until, int shared, boolean sequence) {
        int keys = -1;
        List<Query.Stage> all = new ArrayList<>(stages);
        if (until != null) {
            all.add(until);
        }
        for (Query.Stage stage : all) {
            checkFilter(stage.filter());
            checkStage(stage, sequence);
            stage.by().forEach(Validation::checkTree);
            if (keys < 0) {
                keys = stage.by().size();
            } else if (keys != stage.by().size()) {
                throw inconsistentKeys(keys, stage.by().size());
            }
        }
    }

    public static EqlException inconsistentKeys(int expected, int found) {
        return semantic("inconsistent number of join keys: expected " + expected + " per stage, found " + found);
    }

    public static void checkStage(Query.Stage stage, boolean sequence) {
        if (stage.runs() < MIN_RUNS || stage.runs() > MAX_RUNS) {
            throw semantic("runs must be between " + MIN_RUNS + " and " + MAX_RUNS + ", found " + stage.runs());
        }
        if (!sequence && (stage.missing() || stage.runs() != 1)) {
            throw semantic("missing events and runs exist only in sequences, not in samples");
        }
        if (stage.missing() && stage.runs() != 1) {
            throw semantic("a missing event ![...] cannot have runs");
        }
    }

    private static void checkFilter(Query.EventFilter filter) {
        if (filter.category() != null && filter.category().isEmpty()) {
            throw semantic("the event category must not be empty");
        }
        checkTree(filter.condition());
        checkCondition(filter.condition(), "the where clause");
    }

    static EqlException semantic(String reason) {
        return new EqlException(Kind.SEMANTIC, reason, null);
    }

    static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    /** "Did you mean" candidates by edit distance. */
    public static final class Suggestions {

        private Suggestions() {
        }

        /** The candidate closest to {@code word} (ignoring case), if it is close enough to be a typo; else null. */
        public static String closest(String word, Iterable<String> candidates) {
            String best = null;
            int bestDistance = Integer.MAX_VALUE;
            String lower = word.toLowerCase(Locale.ROOT);
            for (String candidate : candidates) {
                int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = candidate;
                }
            }
            int allowed = Math.max(1, Math.min(3, word.length() / 3));
            return best != null && bestDistance <= allowed ? best : null;
        }

        static int distance(String a, String b) {
            if (Math.abs(a.length() - b.length()) > 3 || a.length() > 64 || b.length() > 64) {
                return Integer.MAX_VALUE;
            }
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.length()];
        }
    }
}
