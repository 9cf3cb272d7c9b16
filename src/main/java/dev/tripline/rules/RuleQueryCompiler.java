package dev.tripline.rules;

import dev.tripline.eql.CompiledQuery;

/** The one place where the rules module calls the EQL compiler. */
interface RuleQueryCompiler {

    /**
     * @param categoryField the field {@code process where} tests, or null for {@code event.category}
     * @throws QueryProblem when the query does not parse or compile
     */
    CompiledQuery compile(String query, String categoryField);

    /** Why a query does not compile, where (line and column of the query, from 1; 0 when unknown), and a hint. */
    final class QueryProblem extends RuntimeException {

        private final String reason;
        private final int line;
        private final int column;
        private final String excerpt;
        private final String suggestion;

        QueryProblem(String message, String reason, int line, int column, String excerpt, String suggestion) {
            super(message);
            this.reason = reason;
            this.line = line;
            this.column = column;
            this.excerpt = excerpt;
            this.suggestion = suggestion;
        }

        String reason() {
            return reason;
        }

        int line() {
            return line;
        }

        int column() {
            return column;
        }

        String excerpt() {
            return excerpt;
        }

        String suggestion() {
            return suggestion;
        }
    }
}
