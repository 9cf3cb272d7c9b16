package dev.tripline.eql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tripline.eql.Expression.Field;
import dev.tripline.eql.Expression.FunctionCall;
import dev.tripline.eql.Expression.Literal;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class CompiledQueryTest {

    private static Event event(String json) {
        return Event.of((ObjectNode) JsonMapper.builder().build().readTree(json), 0);
    }

    @Test
    void seedRuleCompilesToThreeKeyedStagesWithItsMaxspan() {
        CompiledQuery rule = Eql.compile(SeedRule.QUERY, CompileOptions.DEFAULTS);
        assertThat(rule.kind()).isEqualTo(QueryKind.SEQUENCE);
        assertThat(rule.source()).isEqualTo(SeedRule.QUERY);
        assertThat(rule.maxspanNanos()).isEqualTo(1_000_000_000L);
        assertThat(rule.until()).isNull();
        assertThat(rule.pipes()).isEmpty();
        assertThat(rule.categories().field()).isEqualTo(FieldPath.of("event.category"));
        assertThat(rule.stages()).extracting(CompiledStage::index).containsExactly(0, 1, 2);
        assertThat(rule.stages()).extracting(CompiledStage::category).containsExactly("process", "network", "process");
        assertThat(rule.stages()).allSatisfy(stage -> {
            assertThat(stage.joinKeys()).containsExactly(new JoinKeyField(FieldPath.of("host.id"), false),
                    new JoinKeyField(FieldPath.of("process.entity_id"), false));
            assertThat(stage.runs()).isEqualTo(1);
            assertThat(stage.missing()).isFalse();
        });
    }

    @Test
    void seedRuleStagesMatchTheirEventsAndMissTheOthers() {
        CompiledQuery rule = Eql.compile(SeedRule.QUERY, CompileOptions.DEFAULTS);
        List<CompiledStage> stages = rule.stages();
        CategoryMatcher categories = rule.categories();
        assertThat(stages.get(0).matches(SeedRule.stage1(), categories)).isTrue();
        assertThat(stages.get(1).matches(SeedRule.stage2(), categories)).isTrue();
        assertThat(stages.get(2).matches(SeedRule.stage3(), categories)).isTrue();
        for (Event miss : List.of(SeedRule.benignExec(), SeedRule.nearMissExec(), SeedRule.benignNetwork())) {
            assertThat(stages).noneMatch(stage -> stage.matches(miss, categories));
        }
        assertThat(stages.get(1).matches(SeedRule.stage1(), categories)).as("category decides").isFalse();
        assertThat(stages.get(2).matches(SeedRule.stage1(), categories)).isFalse();
    }

    @Test
    void conditionLeavesTheCategoryToTheCaller() {
        CompiledQuery query = Eql.compile("process where true", CompileOptions.DEFAULTS);
        CompiledStage stage = query.stages().get(0);
        assertThat(stage.condition()).isSameAs(EventPredicate.ALWAYS);
        assertThat(stage.condition().test(SeedRule.benignNetwork())).isTrue();
        assertThat(stage.matches(SeedRule.benignNetwork(), query.categories())).isFalse();
    }

    @Test
    void eventQueryIsOneStageWithoutKeys() {
        CompiledQuery query = Eql.compile("any where x == 1 | tail 3", CompileOptions.DEFAULTS);
        assertThat(query.kind()).isEqualTo(QueryKind.EVENT);
        assertThat(query.stages()).singleElement().satisfies(stage -> {
            assertThat(stage.index()).isZero();
            assertThat(stage.category()).isNull();
            assertThat(stage.joinKeys()).isEmpty();
        });
        assertThat(query.pipes()).containsExactly(new Pipe(Pipe.Kind.TAIL, 3));
        assertThat(query.hasMaxspan()).isFalse();
    }

    @Test
    void sharedKeysComeBeforeEachStagesOwnKeys() {
        CompiledQuery query = Eql.compile("sequence by a [x where true] by b, ?c [y where true] by d, e "
                + "until [z where true] by f, g", CompileOptions.DEFAULTS);
        assertThat(query.stages().get(0).joinKeys()).extracting(k -> k.field().toString(), JoinKeyField::optional)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", false),
                        org.assertj.core.groups.Tuple.tuple("b", false), org.assertj.core.groups.Tuple.tuple("c", true));
        assertThat(query.stages().get(1).joinKeys()).extracting(k -> k.field().toString())
                .containsExactly("a", "d", "e");
        assertThat(query.until().index()).isEqualTo(-1);
        assertThat(query.until().joinKeys()).extracting(k -> k.field().toString()).containsExactly("a", "f", "g");
    }

    @Test
    void runsMissingEventsAndMaxspanUnitsAreCarried() {
        CompiledQuery query = Eql.compile("sequence by h with maxspan=250ms [a where true] with runs=3 "
                + "![b where true] [c where true]", CompileOptions.DEFAULTS);
        assertThat(query.maxspanNanos()).isEqualTo(250_000_000L);
        assertThat(query.stages()).extracting(CompiledStage::runs).containsExactly(3, 1, 1);
        assertThat(query.stages()).extracting(CompiledStage::missing).containsExactly(false, true, false);
        assertThat(Eql.compile("sequence with maxspan=2d [a where true] [b where true]", CompileOptions.DEFAULTS)
                .maxspanNanos()).isEqualTo(2 * 86_400_000_000_000L);
    }

    @Test
    void sampleKeepsItsStagesAndKeys() {
        CompiledQuery query = Eql.compile("sample by host.id [process where true] [network where true]",
                CompileOptions.DEFAULTS);
        assertThat(query.kind()).isEqualTo(QueryKind.SAMPLE);
        assertThat(query.stages()).hasSize(2);
        assertThat(query.stages().get(1).joinKeys()).extracting(k -> k.field().toString()).containsExactly("host.id");
    }

    @Test
    void anExpressionJoinKeyComputesItsValue() {
        CompiledQuery query = Eql.compile("sequence [a where true] by length(name) [b where true] by size",
                CompileOptions.DEFAULTS);
        JoinKeyField key = query.stages().get(0).joinKeys().get(0);
        assertThat(key.field().toString()).isEqualTo("length(name)");
        assertThat(key.valueOf(event("{\"name\":\"abcd\"}")).intValue()).isEqualTo(4);
        JoinKeyField plain = query.stages().get(1).joinKeys().get(0);
        assertThat(plain.valueOf(event("{\"size\":4}")).intValue()).isEqualTo(4);
    }

    @Test
    void theCategoryFieldCanBeRenamed() {
        CompiledQuery query = Eql.compile("process where true", CompileOptions.withCategoryField("event_type"));
        assertThat(query.categories().field()).isEqualTo(FieldPath.of("event_type"));
        assertThat(query.stages().get(0).matches(event("{\"event_type\":\"process\"}"), query.categories())).isTrue();
        assertThat(query.stages().get(0).matches(event("{\"event\":{\"category\":\"process\"}}"),
                query.categories())).isFalse();
    }

    @Test
    void constantSubexpressionsAreFoldedAtCompileTime() {
        assertThat(Eql.compile("process where 1 + 1 == 2 and length(\"abc\") == 3", CompileOptions.DEFAULTS)
                .stages().get(0).condition()).isSameAs(EventPredicate.ALWAYS);
        EventPredicate never = Eql.compile("process where 1 > 2 and x == 1", CompileOptions.DEFAULTS).stages().get(0)
                .condition();
        assertThat(never.test(event("{\"x\":1}"))).isFalse();
    }

    @Test
    void aHandBuiltQueryIsCheckedAsTheParserWould() {
        Query unknownFunction = new Query.EventQuery(new Query.EventFilter("process",
                new FunctionCall("nope", false, List.of(Field.of("x")))), List.of());
        assertThatThrownBy(() -> Eql.compile(unknownFunction, CompileOptions.DEFAULTS))
                .isInstanceOf(EqlException.class).hasMessageContaining("unknown function [nope]");
        Query oneStage = new Query.SequenceQuery(List.of(), null,
                List.of(Query.Stage.of(new Query.EventFilter("a", Literal.TRUE), List.of())), null, List.of());
        assertThatThrownBy(() -> Eql.compile(oneStage, CompileOptions.DEFAULTS))
                .isInstanceOf(EqlException.class).hasMessageContaining("at least two stages");
    }

    @Test
    void compilingAParsedQueryKeepsItsRenderedTextAsSource() {
        Query query = Eql.parse("process   where   x==1");
        assertThat(Eql.compile(query, CompileOptions.DEFAULTS).source()).isEqualTo("process where x == 1");
    }
}
