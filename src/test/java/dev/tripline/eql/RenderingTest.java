package dev.tripline.eql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.eql.Expression.And;
import dev.tripline.eql.Expression.Arithmetic;
import dev.tripline.eql.Expression.Comparison;
import dev.tripline.eql.Expression.Field;
import dev.tripline.eql.Expression.In;
import dev.tripline.eql.Expression.Literal;
import dev.tripline.eql.Expression.Negate;
import dev.tripline.eql.Expression.Not;
import dev.tripline.eql.Expression.Or;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RenderingTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "process where a == 1 and (b == 2 or c == 3)",
        "process where not (a == 1 and b == 2)",
        "process where (a == b) == (c != d)",
        "process where a - (b - c) == a - b - c",
        "process where a / (b * c) % 2 == -(x + 1)",
        "process where (-5) in (1, 2) and (-x) in (1) and (-(x + 1)) in (1)",
        "process where (a + 1) : \"1*\" and length(x) like \"3\"",
        "process where `sequence`.`with space`.`back``tick`.in == \"\\\"q\\\" \\\\ \\n\\t\"",
        "process where ?optional.`0`.field != null",
        "\"my-category\" where true",
        "\"any\" where true",
        "sequence by a, length(b) with maxspan=60s\n  [x where true] by c with runs=2\n  ![y where true] by d\n"
            + "until [z where true] by e\n| head 1\n| tail 1",
        "sample by a [x where true] [y where true]",
        "process where x == 1.5e-7 and y == -0.0 and z == 1e300",
        "process where x not in~ (\"a\", null, 1, y) and not not z",
    })
    void renderedTextParsesBackToTheSameQuery(String text) {
        Query query = Eql.parse(text);
        String rendered = query.render();
        assertThat(Eql.parse(rendered)).as(rendered).isEqualTo(query);
        assertThat(Eql.parse(rendered).render()).isEqualTo(rendered);
    }

    @Test
    void rendersOnlyTheParenthesesPrecedenceNeeds() {
        assertThat(Eql.parse("process where ((a == 1) and ((b == 2)))").render())
                .isEqualTo("process where a == 1 and b == 2");
        assertThat(Eql.parse("process where a or b and c").render()).isEqualTo("process where a or b and c");
        assertThat(Eql.parse("process where (a or b) and c").render()).isEqualTo("process where (a or b) and c");
        assertThat(Eql.parse("process where (a * b) + c == (a + b) * c").render())
                .isEqualTo("process where a * b + c == (a + b) * c");
    }

    @Test
    void handBuiltTreesRenderWithTheParenthesesTheyNeed() {
        Expression tree = new And(List.of(
                new Or(List.of(Field.of("a"), Field.of("b"))),
                new Not(new Comparison(new Arithmetic(Field.of("x"), Arithmetic.Operator.SUBTRACT,
                        new Arithmetic(Field.of("y"), Arithmetic.Operator.ADD, Literal.of(1L))),
                        Comparison.Operator.LT, new Negate(Field.of("z")))),
                new In(Literal.of(-1L), List.of(Literal.of(1L)), false, false)));
        assertThat(tree.render()).isEqualTo("(a or b) and not x - (y + 1) < -z and (-1) in (1)");
        Query query = new Query.EventQuery(new Query.EventFilter("process", tree), List.of());
        assertThat(Eql.parse(query.render())).isEqualTo(query);
    }

    @Test
    void functionNamesRenderInTheirCanonicalSpelling() {
        assertThat(Eql.parse("process where CIDRMATCH(ip, \"10.0.0.0/8\") and startswith~(a, \"b\")").render())
                .isEqualTo("process where cidrMatch(ip, \"10.0.0.0/8\") and startsWith~(a, \"b\")");
    }

    @Test
    void rawStringsRenderAsEscapedStrings() {
        Query query = Eql.parse("process where path == \"\"\"C:\\Windows\\\"x\"\"\"");
        assertThat(query.render()).isEqualTo("process where path == \"C:\\\\Windows\\\\\\\"x\"");
        assertThat(Eql.parse(query.render())).isEqualTo(query);
    }
}
