package dev.tripline.eql;

/**
 * A query that cannot be run: a syntax error, a semantic error (unknown function, wrong arity, bad option), a
 * construct Elasticsearch's EQL does not have, or a query beyond the parser's limits. It says where ({@link #line()},
 * {@link #column()}, both from 1; 0 when the error is not tied to a place, as for a hand-built AST), what
 * ({@link #reason()}), shows the place ({@link #excerpt()}: the line and a caret under the column) and, where it can
 * guess, what was meant ({@link #suggestion()}).
 */
public class EqlException extends RuntimeException {

    /** What kind of problem the query has; lets callers count refusals by cause. */
    public enum Kind {
        /** the text is not EQL */
        SYNTAX,
        /** valid EQL that makes no sense: unknown function, wrong arity, bad option value */
        SEMANTIC,
        /** EQL that Elasticsearch does not run (legacy Endgame syntax such as join or descendant of) */
        UNSUPPORTED,
        /** longer or deeper than the parser accepts */
        LIMIT
    }

    private static final int EXCERPT_WIDTH = 100;

    private final Kind kind;
    private final String reason;
    private final int line;
    private final int column;
    private final String excerpt;
    private final String suggestion;

    public EqlException(Kind kind, String reason, String suggestion) {
        this(kind, reason, suggestion, null, 0, 0);
    }

    /**
     * @param query the query text, for the excerpt; may be null
     * @param line from 1, or 0 when unknown
     * @param column from 1, or 0 when unknown
     */
    public EqlException(Kind kind, String reason, String suggestion, String query, int line, int column) {
        super(message(reason, suggestion, line, column));
        this.kind = kind;
        this.reason = reason;
        this.suggestion = suggestion;
        this.line = line;
        this.column = column;
        this.excerpt = query == null || line <= 0 ? "" : excerpt(query, line, column);
    }

    /** The same problem placed at a line and column of the query. */
    public EqlException at(String query, int line, int column) {
        return new EqlException(kind, reason, suggestion, query, line, column);
    }

    private static String message(String reason, String suggestion, int line, int column) {
        StringBuilder message = new StringBuilder();
        if (line > 0) {
            message.append("line ").append(line).append(':').append(column).append(": ");
        }
        message.append(reason);
        if (suggestion != null) {
            message.append(", did you mean ").append(suggestion).append('?');
        }
        return message.toString();
    }

    /** The offending line (cut to a window around the column when long) and a caret under the column. */
    private static String excerpt(String query, int line, int column) {
        // lines as the lexer counts them: only \n ends one
        String[] lines = query.split("\n", -1);
        if (line > lines.length) {
            return "";
        }
        String text = lines[line - 1].replace('\t', ' ').replace('\r', ' ');
        int caret = Math.max(0, Math.min(column - 1, text.length()));
        int from = 0;
        String prefix = "";
        if (text.length() > EXCERPT_WIDTH) {
            from = Math.max(0, Math.min(caret - EXCERPT_WIDTH / 2, text.length() - EXCERPT_WIDTH));
            int to = Math.min(text.length(), from + EXCERPT_WIDTH);
            prefix = from > 0 ? "..." : "";
            text = prefix + text.substring(from, to) + (to < text.length() ? "..." : "");
        }
        return text + "\n" + " ".repeat(prefix.length() + caret - from) + "^";
    }

    public Kind kind() {
        return kind;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }

    /** What the author probably meant (a keyword, function or unit), or {@code null}. */
    public String suggestion() {
        return suggestion;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** Two lines: the offending query line and a caret under the error; empty when there is no position. */
    public String excerpt() {
        return excerpt;
    }

    /** Message and excerpt, for logs and command-line output. */
    public String describe() {
        return excerpt.isEmpty() ? getMessage() : getMessage() + "\n" + excerpt;
    }
}
