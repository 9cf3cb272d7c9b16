package dev.tripline.eql.compiler;

import dev.tripline.eql.Expression.Comparison.Operator;
import tools.jackson.databind.JsonNode;

/** {@code value <op> constant} for one value. */
final class ComparisonTest implements ScalarTest {

    private final Operator operator;
    private final JsonNode constant;
    private final boolean caseInsensitive;

    private ComparisonTest(Operator operator, JsonNode constant, boolean caseInsensitive) {
        this.operator = operator;
        this.constant = constant;
        this.caseInsensitive = caseInsensitive;
    }

    static ComparisonTest of(Operator operator, JsonNode constant, boolean caseInsensitive) {
        return new ComparisonTest(operator, constant, caseInsensitive);
    }

    @Override
    public boolean matches(JsonNode value) {
        return Comparisons.holds(operator, Comparisons.compare(value, constant, caseInsensitive));
    }

    @Override
    public boolean rejects(JsonNode value) {
        return Comparisons.fails(operator, Comparisons.compare(value, constant, caseInsensitive));
    }
}
