package dev.tripline.eql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tripline.eql.parser.QueryParser;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** The parser's bounds: long but flat queries are fine, deep or oversized ones are refused as such. */
class LimitsTest {

    @Test
    void aLongChainOfAndParsesCompilesAndRoundTripsWithoutDeepRecursion() {
        StringJoiner chain = new StringJoiner(" and ", "process where ", "");
        for (int i = 0; i < 5_000; i++) {
            chain.add("f" + i + " == " + i);
        }
        Query query = Eql.parse(chain.toString());
        assertThat(((Expression.And) ((Query.EventQuery) query).filter().condition()).operands()).hasSize(5_000);
        Eql.compile(query, CompileOptions.DEFAULTS);
        assertThat(Eql.parse(query.render())).isEqualTo(query);
    }

    @Test
    void aLongListOfCandidatesIsFine() {
        StringJoiner list = new StringJoiner(", ", "process where process.name in (", ")");
        for (int i = 0; i < 5_000; i++) {
            list.add("\"name" + i + "\"");
        }
        assertThat(Eql.compile(list.toString(), CompileOptions.DEFAULTS).stages()).hasSize(1);
    }

    @Test
    void nestingUpToTheLimitIsAcceptedAndBeyondItRefused() {
        int depth = QueryParser.MAX_NESTING - 1;
        Eql.parse("process where " + "(".repeat(depth) + "x == 1" + ")".repeat(depth));
        EqlException error = catchThrowableOfType(EqlException.class, () -> Eql.parse(
                "process where " + "(".repeat(10_000) + "x == 1" + ")".repeat(10_000)));
        assertThat(error.kind()).isEqualTo(EqlException.Kind.LIMIT);
        assertThat(error.reason()).contains("nested more than " + QueryParser.MAX_NESTING);
    }

    @Test
    void aLongRunOfNotIsRefusedAsTooDeep() {
        EqlException error = catchThrowableOfType(EqlException.class,
                () -> Eql.parse("process where " + "not ".repeat(5_000) + "x"));
        assertThat(error.kind()).isEqualTo(EqlException.Kind.LIMIT);
    }

    @Test
    void aVeryLongArithmeticChainIsRefusedAsTooDeep() {
        EqlException error = catchThrowableOfType(EqlException.class,
                () -> Eql.parse("process where x" + " + 1".repeat(5_000) + " == 2"));
        assertThat(error.kind()).isEqualTo(EqlException.Kind.LIMIT);
        assertThat(error.reason()).contains("nested more than " + QueryParser.MAX_DEPTH);
    }

    @Test
    void aQueryLongerThanTheLimitIsRefusedBeforeParsing() {
        String query = "process where x == \"" + "a".repeat(QueryParser.MAX_LENGTH) + "\"";
        EqlException error = catchThrowableOfType(EqlException.class, () -> Eql.parse(query));
        assertThat(error.kind()).isEqualTo(EqlException.Kind.LIMIT);
        assertThat(error.reason()).contains(String.valueOf(QueryParser.MAX_LENGTH));
    }

    @Test
    void aRegexWhoseAutomatonWouldExplodeIsRefused() {
        EqlException error = catchThrowableOfType(EqlException.class,
                () -> Eql.parse("process where x regex \"(a|b)*a(a|b){20}\""));
        assertThat(error.kind()).isEqualTo(EqlException.Kind.SEMANTIC);
        assertThat(error.reason()).contains("too complex");
    }
}
