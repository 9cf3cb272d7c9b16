package dev.tripline.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineBatch;
import dev.tripline.engine.EngineSettings;
import dev.tripline.engine.Match;
import dev.tripline.engine.RuleCounters;
import dev.tripline.engine.RuleSpec;
import dev.tripline.eql.CompileOptions;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.Eql;
import dev.tripline.event.Event;
import dev.tripline.event.EventDecoder;
import dev.tripline.event.FieldPath;
import dev.tripline.event.FieldRegistry;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.toml.TomlMapper;

/** A small W1 (1/100 of the benchmark's) through the engine: exactly the generator's oracle. */
class WorkloadTest {

    private static final Workload SMALL = Workload.generate(Workload.W1.scaledDown(100));

    @Test
    void smallW1RaisesExactlyTheAlertsOfItsCompleteChains() {
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());
        engine.install(new RuleSpec(SeedRule.RULE_ID, 1, SeedRule.query()));
        Set<List<String>> alerted = new HashSet<>();
        List<Event> events = SMALL.events();
        for (int start = 0; start < events.size(); start += 1000) {
            try (EngineBatch batch = engine.evaluate(events.subList(start, Math.min(events.size(), start + 1000)))) {
                for (Match match : batch.matches()) {
                    assertThat(alerted.add(Workload.keyOf(match.events().get(0)))).as("raised once").isTrue();
                }
                batch.commit();
            }
        }
        assertThat(SMALL.expectedAlerts()).isEqualTo(200);
        assertThat(alerted).isEqualTo(SMALL.expectedKeys());
        RuleCounters counters = engine.counters(SeedRule.RULE_ID).orElseThrow();
        assertThat(counters.stageHits()).as("noise and near misses hit no stage")
                .isEqualTo(SMALL.shape().stageEvents());
    }

    /**
     * The same workload as ingest holds it (compact events decoded from JSON batches) through the seed rule as the
     * service ships it (its TOML, compiled by the EQL compiler): the same alerts.
     */
    @Test
    void smallW1DecodedCompactRaisesTheSameAlertsWithTheCompiledSeedRule() throws Exception {
        String query;
        try (InputStream toml = getClass().getResourceAsStream("/rules/execution_shell_via_suspicious_binary.toml")) {
            query = new TomlMapper().readTree(toml).path("rule").path("query").asString();
        }
        CompiledQuery rule = Eql.compile(query, CompileOptions.DEFAULTS);
        FieldRegistry fields = new FieldRegistry(List.of(Event.DEFAULT_TIMESTAMP, Event.EVENT_ID,
                FieldPath.of("host.id"), FieldPath.of("event.category")));
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults().withFields(fields)
                .withRetain(Event::retained));
        engine.install(new RuleSpec(SeedRule.RULE_ID, 1, rule));
        Workload compact = Workload.generateCompact(Workload.W1.scaledDown(100),
                new EventDecoder(fields, JsonMapper.builder().build(), Event.DEFAULT_TIMESTAMP));
        assertThat(compact.events()).allMatch(Event::isCompact);

        Set<List<String>> alerted = new HashSet<>();
        List<Event> events = compact.events();
        for (int start = 0; start < events.size(); start += 1000) {
            try (EngineBatch batch = engine.evaluate(events.subList(start, Math.min(events.size(), start + 1000)))) {
                for (Match match : batch.matches()) {
                    assertThat(alerted.add(Workload.keyOf(match.events().get(0)))).as("raised once").isTrue();
                    assertThat(match.events()).allMatch(e -> e.document().isObject());
                }
                batch.commit();
            }
        }
        assertThat(alerted).isEqualTo(SMALL.expectedKeys());
        assertThat(engine.counters(SeedRule.RULE_ID).orElseThrow().stageHits())
                .isEqualTo(SMALL.shape().stageEvents());
    }

    @Test
    void eventsAreInStrictEventTimeOrderWithTheW1Mix() {
        List<Event> events = SMALL.events();
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).timestampNanos()).isGreaterThanOrEqualTo(events.get(i - 1).timestampNanos());
        }
        assertThat(events).hasSize(20_000);
        assertThat(events.get(events.size() - 1).timestampNanos() - events.get(0).timestampNanos())
                .isBetween(Duration.ofMillis(19_990).toNanos(), Duration.ofMillis(20_000).toNanos());
        var census = SMALL.census();
        assertThat(census.get("process")).isBetween(9_000, 11_500);
        assertThat(census.get("network")).isBetween(5_000, 7_000);
        assertThat(census.get("file")).isBetween(3_000, 4_500);
    }

    @Test
    void theSameSeedGivesTheSameWorkload() {
        Workload again = Workload.generate(Workload.W1.scaledDown(100));
        assertThat(again.expectedKeys()).isEqualTo(SMALL.expectedKeys());
        assertThat(again.events().get(777).key()).isEqualTo(SMALL.events().get(777).key());
    }

    @Test
    void displacedW2RaisesExactlyTheAlertsTheSortingOracleExpects() {
        List<Event> arrival = SMALL.displaced(7, 0.05, 0.005);
        int expected = SMALL.expectedAlerts(arrival, 100, 500);
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults()
                .withAllowedLateness(Duration.ofMillis(500)));
        engine.install(new RuleSpec(SeedRule.RULE_ID, 1, SeedRule.query()));
        int alerts = 0;
        int late = 0;
        for (int start = 0; start < arrival.size(); start += 100) {
            try (EngineBatch batch = engine.evaluate(arrival.subList(start, Math.min(arrival.size(), start + 100)))) {
                alerts += batch.matches().size();
                late += batch.lateEventIndexes().size();
                assertThat(batch.superseded()).as("chains never compete").isEmpty();
                batch.commit();
            }
        }
        assertThat(late).as("some events are beyond the lateness").isPositive();
        assertThat(expected).isLessThan(SMALL.expectedAlerts());
        assertThat(alerts).isEqualTo(expected);
    }
}
