package dev.tripline.eql.parser;

import dev.tripline.eql.EqlException;
import dev.tripline.eql.EqlException.Kind;
import dev.tripline.eql.compiler.Validation.Suggestions;
import dev.tripline.eql.grammar.EqlLexer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns the parser's first syntax error into an {@link EqlException}: what was found, what could have come there,
 * and a guess at what was meant. Nothing is printed, and parsing stops at the first error.
 */
final class SyntaxErrors extends BaseErrorListener {

    private final String query;

    SyntaxErrors(String query) {
        this.query = query;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
            String msg, RecognitionException e) {
        Token token = (Token) offendingSymbol;
        Parser parser = (Parser) recognizer;
        List<String> expected = expected(parser, e);
        String found = token.getType() == Token.EOF ? "end of query" : "[" + abbreviate(token.getText()) + "]";
        String reason = "unexpected " + found;
        if (!expected.isEmpty() && expected.size() <= 12) {
            reason += expected.size() == 1 ? ", expected " + expected.get(0)
                    : ", expected one of " + String.join(", ", expected);
        }
        String suggestion = null;
        switch (token.getType()) {
            case EqlLexer.ASSIGN -> {
                reason = "[=] is not a comparison; compare with ==";
                suggestion = "==";
            }
            case EqlLexer.BANG -> {
                reason = "[!] only marks a missing-event stage ![...]; negate a condition with not";
                suggestion = "not";
            }
            case EqlLexer.PIPE -> {
                Token next = parser.getInputStream().LT(2);
                if (next != null && next.getType() == EqlLexer.PIPE) {
                    reason = "[||] is not an operator";
                    suggestion = "or";
                }
            }
            case EqlLexer.IDENTIFIER -> suggestion = keyword(token.getText(), expected);
            default -> {
            }
        }
        throw new EqlException(Kind.SYNTAX, reason, suggestion, query, line, charPositionInLine + 1);
    }

    /** A keyword that could have come here and that the word found resembles ({@code wher}, {@code AND}). */
    private static String keyword(String word, List<String> expected) {
        List<String> keywords = new ArrayList<>();
        for (String candidate : expected) {
            if (!candidate.isEmpty() && Character.isLowerCase(candidate.charAt(0))
                    && candidate.chars().allMatch(c -> Character.isLetter(c) || c == '~')) {
                keywords.add(candidate);
            }
        }
        return keywords.isEmpty() ? null : Suggestions.closest(word, keywords);
    }

    private static List<String> expected(Parser parser, RecognitionException e) {
        IntervalSet set;
        try {
            set = e != null && e.getExpectedTokens() != null ? e.getExpectedTokens() : parser.getExpectedTokens();
        } catch (RuntimeException unavailable) {
            return List.of();
        }
        Vocabulary vocabulary = parser.getVocabulary();
        Set<String> names = new LinkedHashSet<>();
        for (int type : set.toList()) {
            names.add(display(vocabulary, type));
        }
        names.remove("");
        return new ArrayList<>(names);
    }

    private static String display(Vocabulary vocabulary, int type) {
        if (type == Token.EOF) {
            return "end of query";
        }
        String literal = vocabulary.getLiteralName(type);
        if (literal != null) {
            return literal.substring(1, literal.length() - 1);
        }
        return switch (type) {
            case EqlLexer.IDENTIFIER -> "a name";
            case EqlLexer.QUOTED_IDENTIFIER -> "a `quoted` name";
            case EqlLexer.INSENSITIVE_IDENTIFIER -> "a function~";
            case EqlLexer.STRING, EqlLexer.RAW_STRING -> "a string";
            case EqlLexer.INTEGER, EqlLexer.DECIMAL -> "a number";
            default -> "";
        };
    }

    static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }
}
