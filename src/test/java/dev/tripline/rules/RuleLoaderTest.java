package dev.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.CompiledStage;
import dev.tripline.eql.QueryKind;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

class RuleLoaderTest {

    @Test
    void builtInRuleWhoseQueryDoesNotCompileStopsTheStartWithItsFileAndLine() {
        RuleLoader loader = new RuleLoader(null, new RuleParser(), new RuleChecker(new EqlRuleQueryCompiler()), null,
                null, new RulesProperties(null, null, null, null, null));

        assertThatThrownBy(() -> loader.loadBuiltins("classpath*:broken-builtins/*.toml", new HashMap<>()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Built-in rule rules/broken.toml cannot be loaded, so Tripline does not start")
                .hasMessageContaining("broken-builtin")
                .hasMessageContaining("line 1");
    }

    @Test
    void shippedSeedRuleCompilesToAThreeStageSequenceJoinedByHostAndProcess() throws Exception {
        String seed = RuleParserTest.seed();
        ElasticRule rule = new RuleParser().parseToml(seed);

        CompiledQuery query = new RuleChecker(new EqlRuleQueryCompiler()).check(rule, seed);

        assertThat(query.kind()).isEqualTo(QueryKind.SEQUENCE);
        assertThat(query.stages()).extracting(CompiledStage::category).containsExactly("process", "network", "process");
        assertThat(query.maxspanNanos()).isEqualTo(1_000_000_000L);
        assertThat(query.stages().get(0).joinKeys()).extracting(key -> key.field().toString())
                .containsExactly("host.id", "process.entity_id");
    }
}
