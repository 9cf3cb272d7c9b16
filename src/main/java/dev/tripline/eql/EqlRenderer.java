package dev.tripline.eql;

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
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders the AST as EQL. Parentheses are added exactly where the grammar's precedence needs them, so that the
 * text parses back to an equal tree: or &lt; and &lt; not &lt; comparison &lt; + - &lt; * / % &lt; unary minus &lt;
 * in/:/like/regex &lt; literals, fields and calls.
 */
final class EqlRenderer {

    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int COMPARISON = 4;
    private static final int ADDITIVE = 5;
    private static final int MULTIPLICATIVE = 6;
    private static final int UNARY = 7;
    private static final int PREDICATE = 8;
    private static final int PRIMARY = 9;

    /** Words the lexer reads as keywords; a field or category spelled like one is quoted. */
    static final Set<String> KEYWORDS = Set.of("and", "any", "by", "false", "in", "like", "not", "null", "or",
            "regex", "sample", "sequence", "true", "until", "where", "with");

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_@][A-Za-z0-9_]*");

    private EqlRenderer() {
    }

    static String render(Query query) {
        StringBuilder out = new StringBuilder();
        if (query instanceof Query.EventQuery event) {
            filter(out, event.filter());
        } else if (query instanceof Query.SequenceQuery sequence) {
            out.append("sequence");
            keys(out, sequence.by());
            if (sequence.maxspan() != null) {
                out.append(" with maxspan=").append(sequence.maxspan());
            }
            for (Query.Stage stage : sequence.stages()) {
                out.append("\n  ");
                stage(out, stage);
            }
            if (sequence.until() != null) {
                out.append("\nuntil ");
                stage(out, sequence.until());
            }
        } else if (query instanceof Query.SampleQuery sample) {
            out.append("sample");
            keys(out, sample.by());
            for (Query.Stage stage : sample.stages()) {
                out.append("\n  ");
                stage(out, stage);
            }
        }
        for (Pipe pipe : query.pipes()) {
            out.append(query.kind() == QueryKind.EVENT ? " " : "\n").append(pipe.render());
        }
        return out.toString();
    }

    static String render(Expression expression) {
        StringBuilder out = new StringBuilder();
        expression(out, expression, 0);
        return out.toString();
    }

    private static void stage(StringBuilder out, Query.Stage stage) {
        if (stage.missing()) {
            out.append('!');
        }
        out.append('[');
        filter(out, stage.filter());
        out.append(']');
        keys(out, stage.by());
        if (stage.runs() != 1) {
            out.append(" with runs=").append(stage.runs());
        }
    }

    private static void keys(StringBuilder out, List<Expression> keys) {
        if (keys.isEmpty()) {
            return;
        }
        out.append(" by ");
        list(out, keys);
    }

    private static void filter(StringBuilder out, Query.EventFilter filter) {
        String category = filter.category();
        if (category == null) {
            out.append("any");
        } else if (PLAIN_NAME.matcher(category).matches() && !KEYWORDS.contains(category)) {
            out.append(category);
        } else {
            string(out, category);
        }
        out.append(" where ");
        expression(out, filter.condition(), 0);
    }

    private static void expression(StringBuilder out, Expression expression, int context) {
        boolean parenthesize = precedence(expression) < context;
        if (parenthesize) {
            out.append('(');
        }
        if (expression instanceof Literal literal) {
            literal(out, literal);
        } else if (expression instanceof Field field) {
            field(out, field);
        } else if (expression instanceof Not not) {
            out.append("not ");
            expression(out, not.operand(), NOT);
        } else if (expression instanceof And and) {
            joined(out, and.operands(), " and ", NOT);
        } else if (expression instanceof Or or) {
            joined(out, or.operands(), " or ", AND);
        } else if (expression instanceof Comparison comparison) {
            expression(out, comparison.left(), ADDITIVE);
            out.append(' ').append(comparison.operator().symbol()).append(' ');
            expression(out, comparison.right(), ADDITIVE);
        } else if (expression instanceof Arithmetic arithmetic) {
            int level = arithmetic.operator().multiplicative() ? MULTIPLICATIVE : ADDITIVE;
            expression(out, arithmetic.left(), level);
            out.append(' ').append(arithmetic.operator().symbol()).append(' ');
            expression(out, arithmetic.right(), level + 1);
        } else if (expression instanceof Negate negate) {
            out.append('-');
            expression(out, negate.operand(), PREDICATE);
        } else if (expression instanceof In in) {
            expression(out, in.value(), PRIMARY);
            out.append(in.negated() ? " not in" : " in").append(in.caseInsensitive() ? "~ (" : " (");
            list(out, in.candidates());
            out.append(')');
        } else if (expression instanceof Match match) {
            expression(out, match.value(), PRIMARY);
            out.append(' ').append(match.operator().symbol()).append(' ');
            if (match.patterns().size() == 1) {
                literal(out, match.patterns().get(0));
            } else {
                out.append('(');
                list(out, match.patterns());
                out.append(')');
            }
        } else if (expression instanceof FunctionCall call) {
            out.append(call.name()).append(call.caseInsensitive() ? "~(" : "(");
            list(out, call.arguments());
            out.append(')');
        }
        if (parenthesize) {
            out.append(')');
        }
    }

    private static void joined(StringBuilder out, List<Expression> operands, String separator, int context) {
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            expression(out, operands.get(i), context);
        }
    }

    private static void list(StringBuilder out, List<? extends Expression> expressions) {
        for (int i = 0; i < expressions.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            expression(out, expressions.get(i), 0);
        }
    }

    private static int precedence(Expression expression) {
        if (expression instanceof Or) {
            return OR;
        } else if (expression instanceof And) {
            return AND;
        } else if (expression instanceof Not) {
            return NOT;
        } else if (expression instanceof Comparison) {
            return COMPARISON;
        } else if (expression instanceof Arithmetic arithmetic) {
            return arithmetic.operator().multiplicative() ? MULTIPLICATIVE : ADDITIVE;
        } else if (expression instanceof Negate) {
            return UNARY;
        } else if (expression instanceof In || expression instanceof Match) {
            return PREDICATE;
        } else if (expression instanceof Literal literal && isNegative(literal.value())) {
            // a negative number is written with a unary minus, which binds looser than in/:/like
            return UNARY;
        }
        return PRIMARY;
    }

    private static boolean isNegative(Object value) {
        return value instanceof Long l && l < 0
                || value instanceof Double d && (d < 0 || Double.doubleToRawLongBits(d) == Long.MIN_VALUE);
    }

    private static void literal(StringBuilder out, Literal literal) {
        Object value = literal.value();
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else {
            out.append(value);
        }
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        out.append('"');
    }

    private static void field(StringBuilder out, Field field) {
        if (field.optional()) {
            out.append('?');
        }
        String name = field.name();
        int start = 0;
        boolean first = true;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '.') {
                String segment = name.substring(start, i);
                if (!first) {
                    out.append('.');
                }
                boolean plain = PLAIN_NAME.matcher(segment).matches() && !(first && KEYWORDS.contains(segment));
                if (plain) {
                    out.append(segment);
                } else {
                    out.append('`').append(segment.replace("`", "``")).append('`');
                }
                first = false;
                start = i + 1;
            }
        }
    }
}
