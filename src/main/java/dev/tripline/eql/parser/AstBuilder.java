package dev.tripline.eql.parser;

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
import dev.tripline.eql.Pipe;
import dev.tripline.eql.Query;
import dev.tripline.eql.compiler.Validation;
import dev.tripline.eql.compiler.Validation.Suggestions;
import dev.tripline.eql.function.EqlFunction;
import dev.tripline.eql.grammar.EqlLexer;
import dev.tripline.eql.grammar.EqlParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Builds the AST from the parse tree and applies the semantic rules as it goes, so that each error points at the
 * node that caused it. Chains of {@code and}, {@code or} and arithmetic are walked iteratively: a long chain is
 * wide, not deep, in the parse tree's recursion.
 */
final class AstBuilder {

    private static final Set<String> LEGACY_PIPES = Set.of("count", "filter", "sort", "unique", "unique_count");
    private static final List<String> PIPES = List.of("head", "tail");
    private static final List<String> TIME_UNITS = List.of("ms", "s", "m", "h", "d");

    private final String text;
    private int depth;

    AstBuilder(String text) {
        this.text = text;
    }

    Query statement(EqlParser.StatementContext statement) {
        List<Pipe> pipes = new ArrayList<>();
        for (EqlParser.PipeContext pipe : statement.pipe()) {
            pipes.add(pipe(pipe));
        }
        EqlParser.QueryContext query = statement.query();
        if (query.sequence() != null) {
            return sequence(query.sequence(), pipes);
        }
        if (query.sample() != null) {
            return sample(query.sample(), pipes);
        }
        return new Query.EventQuery(filter(query.eventFilter()), pipes);
    }

    private Query sequence(EqlParser.SequenceContext ctx, List<Pipe> pipes) {
        if (ctx.lateKeys != null) {
            throw error(Kind.SYNTAX, ctx.lateKeys, "the sequence's by keys come before its with maxspan, not after",
                    null);
        }
        List<Expression> shared = keys(ctx.shared);
        Query.Span maxspan = ctx.sequenceOption() == null ? null : maxspan(ctx.sequenceOption());
        List<Query.Stage> stages = new ArrayList<>();
        int perStage = -1;
        List<EqlParser.SequenceTermContext> terms = ctx.sequenceTerm();
        for (EqlParser.SequenceTermContext term : terms) {
            if (term == ctx.until) {
                continue;
            }
            Query.Stage stage = stage(term, true);
            perStage = checkKeyCount(term, stage, perStage);
            stages.add(stage);
        }
        Query.Stage until = null;
        if (ctx.until != null) {
            until = stage(ctx.until, true);
            if (until.missing() || until.runs() != 1) {
                throw error(Kind.SEMANTIC, ctx.until, "the until stage cannot be a missing event or have runs", null);
            }
            checkKeyCount(ctx.until, until, perStage);
        }
        Query.SequenceQuery sequence = new Query.SequenceQuery(shared, maxspan, stages, until, pipes);
        place(ctx, () -> {
            Validation.checkQuery(sequence);
            return null;
        });
        return sequence;
    }

    private Query sample(EqlParser.SampleContext ctx, List<Pipe> pipes) {
        List<Expression> shared = keys(ctx.shared);
        List<Query.Stage> stages = new ArrayList<>();
        int perStage = -1;
        for (EqlParser.SequenceTermContext term : ctx.sequenceTerm()) {
            Query.Stage stage = stage(term, false);
            perStage = checkKeyCount(term, stage, perStage);
            stages.add(stage);
        }
        Query.SampleQuery sample = new Query.SampleQuery(shared, stages, pipes);
        place(ctx, () -> {
            Validation.checkQuery(sample);
            return null;
        });
        return sample;
    }

    private int checkKeyCount(EqlParser.SequenceTermContext term, Query.Stage stage, int expected) {
        if (expected >= 0 && expected != stage.by().size()) {
            ParserRuleContext at = term.keys != null ? term.keys : term;
            throw Validation.inconsistentKeys(expected, stage.by().size()).at(text, line(at.getStart()),
                    column(at.getStart()));
        }
        return stage.by().size();
    }

    private Query.Stage stage(EqlParser.SequenceTermContext term, boolean sequence) {
        Query.EventFilter filter = filter(term.eventFilter());
        List<Expression> by = keys(term.keys);
        int runs = 1;
        if (term.key != null) {
            if (!"runs".equals(term.key.getText())) {
                throw error(Kind.SEMANTIC, term.key, "unknown stage option [" + term.key.getText()
                        + "], the only one is runs", Suggestions.closest(term.key.getText(), List.of("runs")));
            }
            if (term.count.INTEGER() == null) {
                throw error(Kind.SEMANTIC, term.count, "runs must be a whole number, found [" + term.count.getText()
                        + "]", null);
            }
            long value = wholeNumber(term.count.INTEGER().getSymbol());
            if (value < Validation.MIN_RUNS || value > Validation.MAX_RUNS) {
                throw error(Kind.SEMANTIC, term.count, "runs must be between " + Validation.MIN_RUNS + " and "
                        + Validation.MAX_RUNS + ", found " + value, null);
            }
            runs = (int) value;
        }
        Query.Stage stage = new Query.Stage(filter, by, runs, term.missing != null);
        place(term, () -> {
            Validation.checkStage(stage, sequence);
            return null;
        });
        return stage;
    }

    private Query.Span maxspan(EqlParser.SequenceOptionContext option) {
        if (!"maxspan".equals(option.key.getText())) {
            throw error(Kind.SEMANTIC, option.key, "unknown sequence option [" + option.key.getText()
                    + "], the only one is maxspan", Suggestions.closest(option.key.getText(), List.of("maxspan")));
        }
        EqlParser.TimeSpanContext span = option.timeSpan();
        if (span.number().INTEGER() == null) {
            throw error(Kind.SEMANTIC, span.number(), "maxspan must be a whole number of a unit, found ["
                    + span.number().getText() + "]", null);
        }
        long amount = wholeNumber(span.number().INTEGER().getSymbol());
        if (amount <= 0) {
            throw error(Kind.SEMANTIC, span.number(), "maxspan must be positive, found " + amount, null);
        }
        if (span.unit == null) {
            throw error(Kind.SEMANTIC, span, "no time unit in maxspan=" + amount + " (one of ms, s, m, h, d)",
                    "[" + amount + "s]");
        }
        Query.Span.Unit unit = Query.Span.Unit.of(span.unit.getText());
        if (unit == null) {
            throw error(Kind.SEMANTIC, span.unit, "unknown time unit [" + span.unit.getText()
                    + "], use one of ms, s, m, h, d", Suggestions.closest(span.unit.getText(), TIME_UNITS));
        }
        if (amount > Long.MAX_VALUE / unit.nanos()) {
            throw error(Kind.SEMANTIC, span, "maxspan " + amount + unit.symbol() + " is too long", null);
        }
        return new Query.Span(amount, unit);
    }

    private List<Expression> keys(EqlParser.JoinKeysContext keys) {
        if (keys == null) {
            return List.of();
        }
        List<Expression> out = new ArrayList<>();
        for (EqlParser.ExpressionContext key : keys.expression()) {
            out.add(expression(key));
        }
        return out;
    }

    private Pipe pipe(EqlParser.PipeContext pipe) {
        String name = pipe.name.getText();
        if (LEGACY_PIPES.contains(name)) {
            throw error(Kind.UNSUPPORTED, pipe.name, "pipe [" + name
                    + "] belongs to the legacy EQL; Elasticsearch's EQL has only head and tail", null);
        }
        if (!PIPES.contains(name)) {
            throw error(Kind.SEMANTIC, pipe.name, "unknown pipe [" + name + "], the pipes are head and tail",
                    Suggestions.closest(name, PIPES));
        }
        List<EqlParser.ExpressionContext> arguments = pipe.expression();
        if (arguments.size() != 1) {
            throw error(Kind.SEMANTIC, pipe, "pipe [" + name + "] takes one whole number, found "
                    + arguments.size() + " arguments", null);
        }
        Expression count = expression(arguments.get(0));
        if (!(count instanceof Literal literal) || !(literal.value() instanceof Long n) || n < 0
                || n > Integer.MAX_VALUE) {
            throw error(Kind.SEMANTIC, arguments.get(0), "pipe [" + name + "] takes a whole number from 0 to "
                    + Integer.MAX_VALUE + ", found [" + arguments.get(0).getText() + "]", null);
        }
        return new Pipe("head".equals(name) ? Pipe.Kind.HEAD : Pipe.Kind.TAIL, n.intValue());
    }

    private Query.EventFilter filter(EqlParser.EventFilterContext ctx) {
        String category = null;
        if (ctx.category() != null) {
            EqlParser.CategoryContext c = ctx.category();
            if (c.IDENTIFIER() != null) {
                category = c.IDENTIFIER().getText();
            } else if (c.QUOTED_IDENTIFIER() != null) {
                category = unquoteIdentifier(c.QUOTED_IDENTIFIER().getSymbol());
            } else {
                category = string(c.string());
            }
            if (category.isEmpty()) {
                throw error(Kind.SEMANTIC, c, "the event category must not be empty", null);
            }
        }
        Expression condition = expression(ctx.expression());
        EqlParser.ExpressionContext where = ctx.expression();
        place(where, () -> {
            Validation.checkCondition(condition, "the where clause");
            return null;
        });
        return new Query.EventFilter(category, condition);
    }

    // ---------------------------------------------------------------- expressions

    private Expression expression(EqlParser.ExpressionContext ctx) {
        return bool(ctx.booleanExpression());
    }

    private Expression bool(EqlParser.BooleanExpressionContext ctx) {
        enter(ctx, 1);
        try {
            if (ctx instanceof EqlParser.LogicalNotContext not) {
                Expression operand = bool(not.booleanExpression());
                checkCondition(not.booleanExpression(), operand, "the operand of not");
                return new Not(operand);
            }
            if (ctx instanceof EqlParser.LogicalAndContext) {
                return new And(chain(ctx, EqlParser.LogicalAndContext.class, "an operand of and"));
            }
            if (ctx instanceof EqlParser.LogicalOrContext) {
                return new Or(chain(ctx, EqlParser.LogicalOrContext.class, "an operand of or"));
            }
            return value(((EqlParser.BooleanDefaultContext) ctx).valueExpression());
        } finally {
            depth--;
        }
    }

    /** The operands of a left-nested chain of one logical operator, in order, collected without recursion. */
    private List<Expression> chain(EqlParser.BooleanExpressionContext ctx,
            Class<? extends EqlParser.BooleanExpressionContext> kind, String role) {
        List<EqlParser.BooleanExpressionContext> operands = new ArrayList<>();
        EqlParser.BooleanExpressionContext current = ctx;
        while (kind.isInstance(current)) {
            EqlParser.BooleanExpressionContext left;
            EqlParser.BooleanExpressionContext right;
            if (current instanceof EqlParser.LogicalAndContext and) {
                left = and.left;
                right = and.right;
            } else {
                EqlParser.LogicalOrContext or = (EqlParser.LogicalOrContext) current;
                left = or.left;
                right = or.right;
            }
            operands.add(right);
            current = left;
        }
        operands.add(current);
        Collections.reverse(operands);
        List<Expression> out = new ArrayList<>();
        for (EqlParser.BooleanExpressionContext operand : operands) {
            Expression built = bool(operand);
            checkCondition(operand, built, role);
            out.add(built);
        }
        return out;
    }

    private Expression value(EqlParser.ValueExpressionContext ctx) {
        Expression left = operator(ctx.left);
        if (ctx.comparisonOperator() == null) {
            return left;
        }
        Expression right = operator(ctx.right);
        Comparison.Operator op = switch (ctx.comparisonOperator().getStart().getType()) {
            case EqlLexer.EQ -> Comparison.Operator.EQ;
            case EqlLexer.NEQ -> Comparison.Operator.NEQ;
            case EqlLexer.LT -> Comparison.Operator.LT;
            case EqlLexer.LTE -> Comparison.Operator.LTE;
            case EqlLexer.GT -> Comparison.Operator.GT;
            default -> Comparison.Operator.GTE;
        };
        return new Comparison(left, op, right);
    }

    private Expression operator(EqlParser.OperatorExpressionContext ctx) {
        if (ctx instanceof EqlParser.ArithmeticBinaryContext) {
            return arithmetic((EqlParser.ArithmeticBinaryContext) ctx);
        }
        enter(ctx, 1);
        try {
            if (ctx instanceof EqlParser.ArithmeticUnaryContext unary) {
                Expression operand = operator(unary.operatorExpression());
                if (unary.op.getType() == EqlLexer.PLUS) {
                    checkArithmetic(unary.operatorExpression(), operand, "+");
                    return operand;
                }
                if (operand instanceof Literal literal && literal.isNumber()) {
                    Object value = literal.value();
                    if (value instanceof Long l) {
                        return Literal.of(-l);
                    }
                    return Literal.of(-(Double) value);
                }
                if (operand instanceof Literal literal && literal.isNull()) {
                    return Literal.NULL;
                }
                checkArithmetic(unary.operatorExpression(), operand, "-");
                return new Negate(operand);
            }
            EqlParser.OperatorDefaultContext primary = (EqlParser.OperatorDefaultContext) ctx;
            Expression value = primary(primary.primaryExpression());
            return primary.predicate() == null ? value : predicate(value, primary.predicate());
        } finally {
            depth--;
        }
    }

    /** A left-nested chain of arithmetic, built bottom-up without recursing down the chain. */
    private Expression arithmetic(EqlParser.ArithmeticBinaryContext ctx) {
        List<EqlParser.ArithmeticBinaryContext> spine = new ArrayList<>();
        EqlParser.OperatorExpressionContext current = ctx;
        while (current instanceof EqlParser.ArithmeticBinaryContext binary) {
            spine.add(binary);
            current = binary.left;
        }
        enter(ctx, spine.size());
        try {
            Expression result = operator(current);
            checkArithmetic(current, result, spine.get(spine.size() - 1).op.getText());
            for (int i = spine.size() - 1; i >= 0; i--) {
                EqlParser.ArithmeticBinaryContext binary = spine.get(i);
                Expression right = operator(binary.right);
                checkArithmetic(binary.right, right, binary.op.getText());
                Arithmetic.Operator op = switch (binary.op.getType()) {
                    case EqlLexer.PLUS -> Arithmetic.Operator.ADD;
                    case EqlLexer.MINUS -> Arithmetic.Operator.SUBTRACT;
                    case EqlLexer.ASTERISK -> Arithmetic.Operator.MULTIPLY;
                    case EqlLexer.SLASH -> Arithmetic.Operator.DIVIDE;
                    default -> Arithmetic.Operator.MODULO;
                };
                result = new Arithmetic(result, op, right);
            }
            return result;
        } finally {
            depth -= spine.size();
        }
    }

    private Expression predicate(Expression value, EqlParser.PredicateContext ctx) {
        if (ctx instanceof EqlParser.InPredicateContext in) {
            List<Expression> candidates = new ArrayList<>();
            for (EqlParser.ExpressionContext candidate : in.expression()) {
                candidates.add(expression(candidate));
            }
            return new In(value, candidates, in.op.getType() == EqlLexer.IN_INSENSITIVE, in.NOT() != null);
        }
        Token op;
        List<EqlParser.LiteralContext> literals;
        if (ctx instanceof EqlParser.MatchOneContext one) {
            op = one.op;
            literals = List.of(one.literal());
        } else {
            EqlParser.MatchListContext list = (EqlParser.MatchListContext) ctx;
            op = list.op;
            literals = list.literal();
        }
        Match.Operator operator = switch (op.getType()) {
            case EqlLexer.COLON -> Match.Operator.SEQ;
            case EqlLexer.LIKE -> Match.Operator.LIKE;
            case EqlLexer.LIKE_INSENSITIVE -> Match.Operator.LIKE_INSENSITIVE;
            case EqlLexer.REGEX -> Match.Operator.REGEX;
            default -> Match.Operator.REGEX_INSENSITIVE;
        };
        List<Literal> patterns = new ArrayList<>();
        for (EqlParser.LiteralContext literal : literals) {
            Literal pattern = literal(literal);
            place(literal, () -> {
                Validation.checkMatch(operator, List.of(pattern));
                return null;
            });
            patterns.add(pattern);
        }
        return new Match(value, operator, patterns);
    }

    private Expression primary(EqlParser.PrimaryExpressionContext ctx) {
        if (ctx instanceof EqlParser.LiteralExpressionContext literal) {
            return literal(literal.literal());
        }
        if (ctx instanceof EqlParser.FieldReferenceContext field) {
            return new Field(fieldName(field.fieldName()), field.OPTIONAL() != null);
        }
        if (ctx instanceof EqlParser.ParenthesizedContext parenthesized) {
            return expression(parenthesized.expression());
        }
        EqlParser.FunctionCallContext call = (EqlParser.FunctionCallContext) ctx;
        String written = call.name.getText();
        boolean insensitive = call.name.getType() == EqlLexer.INSENSITIVE_IDENTIFIER;
        String name = insensitive ? written.substring(0, written.length() - 1) : written;
        List<Expression> arguments = new ArrayList<>();
        for (EqlParser.ExpressionContext argument : call.expression()) {
            arguments.add(expression(argument));
        }
        EqlFunction function;
        try {
            function = Validation.checkCall(name, insensitive, arguments);
        } catch (EqlException e) {
            throw e.at(text, line(call.name), column(call.name));
        }
        return new FunctionCall(function.canonicalName(), insensitive, arguments);
    }

    private String fieldName(EqlParser.FieldNameContext ctx) {
        StringBuilder name = new StringBuilder(identifier(ctx.identifier()));
        for (EqlParser.FieldSegmentContext segment : ctx.fieldSegment()) {
            name.append('.');
            name.append(segment.identifier() != null ? identifier(segment.identifier()) : segment.getText());
        }
        if (name.length() == 0) {
            throw error(Kind.SEMANTIC, ctx, "a field name must not be empty", null);
        }
        return name.toString();
    }

    private String identifier(EqlParser.IdentifierContext ctx) {
        return ctx.IDENTIFIER() != null ? ctx.IDENTIFIER().getText()
                : unquoteIdentifier(ctx.QUOTED_IDENTIFIER().getSymbol());
    }

    private static String unquoteIdentifier(Token token) {
        String quoted = token.getText();
        return quoted.substring(1, quoted.length() - 1).replace("``", "`");
    }

    private Literal literal(EqlParser.LiteralContext ctx) {
        if (ctx instanceof EqlParser.NullLiteralContext) {
            return Literal.NULL;
        }
        if (ctx instanceof EqlParser.BooleanLiteralContext bool) {
            return bool.TRUE() != null ? Literal.TRUE : Literal.FALSE;
        }
        if (ctx instanceof EqlParser.NumberLiteralContext number) {
            EqlParser.NumberContext n = number.number();
            if (n.INTEGER() != null) {
                return Literal.of(wholeNumber(n.INTEGER().getSymbol()));
            }
            double value = Double.parseDouble(n.DECIMAL().getText());
            if (!Double.isFinite(value)) {
                throw error(Kind.SEMANTIC, n, "number [" + SyntaxErrors.abbreviate(n.getText()) + "] is too large",
                        null);
            }
            return Literal.of(value);
        }
        return Literal.of(string(((EqlParser.StringLiteralContext) ctx).string()));
    }

    private long wholeNumber(Token token) {
        try {
            return Long.parseLong(token.getText());
        } catch (NumberFormatException e) {
            throw error(Kind.SEMANTIC, token, "number [" + SyntaxErrors.abbreviate(token.getText())
                    + "] is too large for a whole number", null);
        }
    }

    /** The value of a string literal: escapes resolved in "...", raw in """...""". */
    private String string(EqlParser.StringContext ctx) {
        if (ctx.RAW_STRING() != null) {
            String raw = ctx.RAW_STRING().getText();
            return raw.substring(3, raw.length() - 3);
        }
        Token token = ctx.STRING().getSymbol();
        String quoted = token.getText();
        StringBuilder out = new StringBuilder(quoted.length());
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = quoted.charAt(++i);
            switch (escaped) {
                case '\\' -> out.append('\\');
                case '"' -> out.append('"');
                case '\'' -> out.append('\'');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> i = unicodeEscape(token, quoted, i, out);
                default -> throw new EqlException(Kind.SYNTAX, "invalid escape sequence [\\" + escaped
                        + "] in a string; write \\\\ for a backslash, or use a \"\"\"raw\"\"\" string", "\\\\"
                        + escaped, text, token.getLine(), token.getCharPositionInLine() + i);
            }
        }
        return out.toString();
    }

    /** {@code \\u{1F600}}: one to eight hex digits naming a code point. Returns the index of the closing brace. */
    private int unicodeEscape(Token token, String quoted, int at, StringBuilder out) {
        int open = at + 1;
        int close = quoted.indexOf('}', open);
        EqlException invalid = new EqlException(Kind.SYNTAX,
                "invalid unicode escape; write \\u{hex digits}, such as \\u{20AC}", null, text, token.getLine(),
                token.getCharPositionInLine() + at);
        if (open >= quoted.length() || quoted.charAt(open) != '{' || close < 0 || close - open - 1 < 1
                || close - open - 1 > 8) {
            throw invalid;
        }
        try {
            int codePoint = Integer.parseInt(quoted.substring(open + 1, close), 16);
            out.appendCodePoint(codePoint);
        } catch (IllegalArgumentException e) {
            throw invalid;
        }
        return close;
    }

    // ---------------------------------------------------------------- checks

    private void checkCondition(ParserRuleContext at, Expression expression, String role) {
        place(at, () -> {
            Validation.checkCondition(expression, role);
            return null;
        });
    }

    private void checkArithmetic(ParserRuleContext at, Expression operand, String operator) {
        place(at, () -> {
            Validation.checkArithmeticOperand(operand, operator);
            return null;
        });
    }

    /** Runs a check, placing its error at the start of {@code at}. */
    private <T> T place(ParserRuleContext at, Supplier<T> check) {
        try {
            return check.get();
        } catch (EqlException e) {
            if (e.line() > 0) {
                throw e;
            }
            throw e.at(text, line(at.getStart()), column(at.getStart()));
        }
    }

    private void enter(ParserRuleContext ctx, int levels) {
        depth += levels;
        if (depth > QueryParser.MAX_DEPTH) {
            throw error(Kind.LIMIT, ctx, "expression nested more than " + QueryParser.MAX_DEPTH + " levels deep",
                    null);
        }
    }

    private EqlException error(Kind kind, ParserRuleContext at, String reason, String suggestion) {
        return error(kind, at.getStart(), reason, suggestion);
    }

    private EqlException error(Kind kind, Token at, String reason, String suggestion) {
        return new EqlException(kind, reason, suggestion, text, line(at), column(at));
    }

    private static int line(Token token) {
        return token.getLine();
    }

    private static int column(Token token) {
        return token.getCharPositionInLine() + 1;
    }
}
