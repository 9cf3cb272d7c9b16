package dev.tripline.eql.parser;

import dev.tripline.eql.EqlException;
import dev.tripline.eql.EqlException.Kind;
import dev.tripline.eql.Query;
import dev.tripline.eql.grammar.EqlLexer;
import dev.tripline.eql.grammar.EqlParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * Parses EQL text into a {@link Query}. Before the grammar sees the text, the whole input is tokenised and checked:
 * an error token (a stray character, an unterminated or single-quoted string) is reported precisely, legacy
 * constructs are named, and nesting is bounded, so that no input can exhaust the parser's stack. The parser then
 * stops at the first syntax error; the AST builder applies the semantic rules with each node's position.
 */
public final class QueryParser {

    /** Longest query accepted, in characters; Elastic's longest rules are a few kilobytes. */
    public static final int MAX_LENGTH = 100_000;
    /** Deepest nesting of brackets and prefix operators accepted. */
    public static final int MAX_NESTING = 64;
    /** Deepest expression tree accepted (a chain of arithmetic counts one level per operator). */
    public static final int MAX_DEPTH = 256;

    private static final Set<String> LEGACY_RELATIONSHIPS = Set.of("descendant", "child", "event");

    private QueryParser() {
    }

    /** @throws EqlException for any text that is not a valid Elasticsearch EQL query */
    public static Query parse(String text) {
        Objects.requireNonNull(text, "query");
        if (text.length() > MAX_LENGTH) {
            throw new EqlException(Kind.LIMIT, "query is " + text.length() + " characters long, the limit is "
                    + MAX_LENGTH, null);
        }
        List<Token> tokens = tokens(text);
        if (tokens.size() == 1) {
            throw new EqlException(Kind.SYNTAX, "empty query", null, text, 1, 1);
        }
        unsupported(text, tokens);
        EqlParser parser = new EqlParser(new CommonTokenStream(new ListTokenSource(tokens)));
        parser.removeErrorListeners();
        parser.addErrorListener(new SyntaxErrors(text));
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        EqlParser.StatementContext statement = parser.statement();
        return new AstBuilder(text).statement(statement);
    }

    /** The default-channel tokens and EOF; throws at the first error token or over-deep nesting. */
    private static List<Token> tokens(String text) {
        EqlLexer lexer = new EqlLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<Token> tokens = new ArrayList<>();
        Deque<Integer> saved = new ArrayDeque<>();
        int level = 0;
        int prefixRun = 0;
        while (true) {
            Token token = lexer.nextToken();
            if (token.getType() == Token.EOF) {
                if (lexer._mode == EqlLexer.RAW) {
                    throw at(Kind.SYNTAX, "unterminated raw string: \"\"\" is never closed", null, text,
                            lexer.rawOpenedAt);
                }
                if (lexer._mode == EqlLexer.COMMENT) {
                    throw at(Kind.SYNTAX, "unterminated comment: /* is never closed by */", null, text,
                            lexer.commentOpenedAt);
                }
                tokens.add(token);
                return tokens;
            }
            if (token.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            checkErrorToken(text, token);
            switch (token.getType()) {
                case EqlLexer.NOT, EqlLexer.MINUS, EqlLexer.PLUS, EqlLexer.BANG -> prefixRun++;
                case EqlLexer.LP, EqlLexer.LB -> {
                    saved.push(level);
                    level += prefixRun + 1;
                    prefixRun = 0;
                }
                case EqlLexer.RP, EqlLexer.RB -> {
                    level = saved.isEmpty() ? 0 : saved.pop();
                    prefixRun = 0;
                }
                default -> prefixRun = 0;
            }
            if (level + prefixRun > MAX_NESTING) {
                throw new EqlException(Kind.LIMIT, "query nested more than " + MAX_NESTING + " levels deep", null,
                        text, token.getLine(), token.getCharPositionInLine() + 1);
            }
            tokens.add(token);
        }
    }

    private static void checkErrorToken(String text, Token token) {
        String tokenText = token.getText();
        switch (token.getType()) {
            case EqlLexer.ERROR_CHAR -> {
                String suggestion = switch (tokenText) {
                    case "&" -> "and";
                    case "'" -> "\"";
                    case "~" -> "like~ or :";
                    default -> null;
                };
                String shown = tokenText.codePointAt(0) < 32 ? String.format("\\u%04x", (int) tokenText.charAt(0))
                        : tokenText;
                throw new EqlException(Kind.SYNTAX, "unexpected character [" + shown + "]", suggestion, text,
                        token.getLine(), token.getCharPositionInLine() + 1);
            }
            case EqlLexer.UNTERMINATED_STRING -> throw new EqlException(Kind.SYNTAX,
                    "unterminated string: a \" is never closed on its line (a string that spans lines is written"
                            + " \"\"\"...\"\"\")", null, text, token.getLine(), token.getCharPositionInLine() + 1);
            case EqlLexer.SINGLE_QUOTED_STRING -> {
                String inner = tokenText.substring(1, tokenText.length() - 1);
                throw new EqlException(Kind.SYNTAX, "strings are written in double quotes, not single quotes",
                        inner.length() <= 40 ? "\"" + inner.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : null,
                        text, token.getLine(), token.getCharPositionInLine() + 1);
            }
            case EqlLexer.LEGACY_RAW_STRING -> {
                String inner = tokenText.substring(2, tokenText.length() - 1);
                throw new EqlException(Kind.UNSUPPORTED, "?\"...\" raw strings belong to the legacy EQL;"
                        + " Elasticsearch writes raw strings in triple quotes",
                        inner.length() <= 40 ? "\"\"\"" + inner + "\"\"\"" : null, text, token.getLine(),
                        token.getCharPositionInLine() + 1);
            }
            default -> {
            }
        }
    }

    /** Legacy EQL that Elasticsearch does not run: named, so that the author knows it is not a typo. */
    private static void unsupported(String text, List<Token> tokens) {
        Token first = tokens.get(0);
        if (first.getType() == EqlLexer.IDENTIFIER && "join".equals(first.getText())) {
            throw unsupportedAt(text, first, "join is not supported by Elasticsearch's EQL; use a sequence");
        }
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token token = tokens.get(i);
            Token next = tokens.get(i + 1);
            if (token.getType() == EqlLexer.IDENTIFIER && LEGACY_RELATIONSHIPS.contains(token.getText())
                    && next.getType() == EqlLexer.IDENTIFIER && "of".equals(next.getText())) {
                throw unsupportedAt(text, token, "[" + token.getText()
                        + " of] belongs to the legacy EQL and is not supported by Elasticsearch's EQL");
            }
            if (token.getType() == EqlLexer.LB && next.getType() == EqlLexer.INTEGER) {
                throw unsupportedAt(text, token, "array indexing [n] is not supported by Elasticsearch's EQL");
            }
            if (token.getType() == EqlLexer.RB && next.getType() == EqlLexer.IDENTIFIER
                    && "fork".equals(next.getText())) {
                throw unsupportedAt(text, next, "fork belongs to the legacy EQL and is not supported by"
                        + " Elasticsearch's EQL");
            }
        }
    }

    private static EqlException unsupportedAt(String text, Token token, String reason) {
        return new EqlException(Kind.UNSUPPORTED, reason, null, text, token.getLine(),
                token.getCharPositionInLine() + 1);
    }

    /** An error at a character offset of the text. */
    static EqlException at(Kind kind, String reason, String suggestion, String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            // lines as the lexer counts them: only \n ends one
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new EqlException(kind, reason, suggestion, text, line, column);
    }
}
