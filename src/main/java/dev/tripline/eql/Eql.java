package dev.tripline.eql;

import dev.tripline.eql.compiler.QueryCompiler;
import dev.tripline.eql.parser.QueryParser;

/**
 * Elasticsearch's EQL: parse a query into its AST, compile it into predicates over events. Both are pure and
 * thread-safe; a compiled query is immutable and may be shared by any number of threads.
 *
 * <pre>{@code
 * CompiledQuery rule = Eql.compile("process where process.name : \"bash\"", CompileOptions.DEFAULTS);
 * CompiledStage stage = rule.stages().get(0);
 * boolean hit = stage.matches(event, rule.categories());
 * }</pre>
 */
public final class Eql {

    private Eql() {
    }

    /**
     * Parses and checks a query: syntax, functions and their arguments, sequence options, regexes and CIDR blocks.
     *
     * @throws EqlException for any text that is not a valid query, with its line and column
     */
    public static Query parse(String query) {
        return QueryParser.parse(query);
    }

    /** Parses and compiles. */
    public static CompiledQuery compile(String query, CompileOptions options) {
        return QueryCompiler.compile(parse(query), query, options);
    }

    /** Compiles a query already parsed (or built by hand; it is checked as the parser would). */
    public static CompiledQuery compile(Query query, CompileOptions options) {
        return QueryCompiler.compile(query, query.render(), options);
    }
}
