package dev.tripline.engine;

import dev.tripline.event.CompactEvents;
import dev.tripline.event.Event;
import dev.tripline.event.FieldRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Test support: the same rules and events through two engines, one filing stages under their required terms and one
 * trying every stage of an event's categories, so that suites outside the engine package can check that the term
 * index never changes an answer. Events are decoded compact (as ingest holds them) with the rules' fields, in the
 * batches given.
 */
public final class TermIndexEquivalence {

    /**
     * What each engine produced: every match as "rule: event keys" (sorted, since the order of matches within a batch
     * follows the order stages were tried in), and every rule's counters.
     */
    public record Outcome(List<String> matches, List<RuleCounters> counters, int filedStages, List<String> refused) {
    }

    public record Comparison(Outcome indexed, Outcome unindexed) {
    }

    private TermIndexEquivalence() {
    }

    public static Comparison run(List<RuleSpec> rules, List<List<Event>> treeBatches) {
        FieldRegistry fields = FieldRegistry.withDefaults();
        rules.forEach(rule -> fields.register(rule.query().categories().field()));
        DetectionEngine indexed = new DetectionEngine(settings(fields), true);
        DetectionEngine unindexed = new DetectionEngine(settings(fields), false);
        List<String> refusedIndexed = install(indexed, rules);
        List<String> refusedUnindexed = install(unindexed, rules);
        List<String> matchesIndexed = new ArrayList<>();
        List<String> matchesUnindexed = new ArrayList<>();
        for (List<Event> trees : treeBatches) {
            List<Event> batch = CompactEvents.of(trees, fields);
            evaluate(indexed, batch, matchesIndexed);
            evaluate(unindexed, batch, matchesUnindexed);
        }
        return new Comparison(outcome(indexed, matchesIndexed, refusedIndexed),
                outcome(unindexed, matchesUnindexed, refusedUnindexed));
    }

    private static EngineSettings settings(FieldRegistry fields) {
        // a fixed wall clock: idle expiry must not depend on how long either engine took
        return EngineSettings.defaults().withFields(fields).withRetain(Event::retained)
                .withIdleTimeout(Duration.ofDays(365), () -> 0L);
    }

    private static List<String> install(DetectionEngine engine, List<RuleSpec> rules) {
        List<String> refused = new ArrayList<>();
        for (RuleSpec rule : rules) {
            try {
                engine.install(rule);
            } catch (UnsupportedRuleException e) {
                refused.add(rule.ruleId());
            }
        }
        return refused;
    }

    private static void evaluate(DetectionEngine engine, List<Event> batch, List<String> into) {
        try (EngineBatch result = engine.evaluate(batch)) {
            for (Match match : result.matches()) {
                into.add(match.ruleId() + ": " + match.events().stream().map(Event::key)
                        .collect(Collectors.joining(" ")));
            }
            result.commit();
        }
    }

    private static Outcome outcome(DetectionEngine engine, List<String> matches, List<String> refused) {
        List<String> sorted = new ArrayList<>(matches);
        sorted.sort(Comparator.naturalOrder());
        List<RuleCounters> counters = new ArrayList<>(engine.counters());
        counters.sort(Comparator.comparing(RuleCounters::ruleId));
        return new Outcome(sorted, counters, engine.filedStages(), refused);
    }
}
