package dev.tripline.engine;

import static dev.tripline.engine.TestEvents.chain;
import static dev.tripline.engine.TestEvents.sequenceAbc;
import static dev.tripline.engine.TestEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tripline.eql.CategoryMatcher;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.CompileOptions;
import dev.tripline.eql.CompiledStage;
import dev.tripline.eql.Eql;
import dev.tripline.eql.QueryKind;
import dev.tripline.event.Event;
import dev.tripline.event.FieldRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DetectionEngineTest {

    private final DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());

    private List<Match> run(List<Event> events) {
        try (EngineBatch batch = engine.evaluate(events)) {
            List<Match> matches = batch.matches();
            batch.commit();
            return matches;
        }
    }

    @Test
    void completesASequenceSpreadOverSeveralBatches() {
        engine.install(new RuleSpec("r", 3, sequenceAbc(1000)));
        List<Event> events = chain("h1", "p1", 10);

        assertThat(run(events.subList(0, 1))).isEmpty();
        assertThat(run(events.subList(1, 2))).isEmpty();
        List<Match> matches = run(events.subList(2, 3));

        assertThat(matches).singleElement().satisfies(m -> {
            assertThat(m.ruleId()).isEqualTo("r");
            assertThat(m.ruleRevision()).isEqualTo(3);
            assertThat(m.joinKeyValues()).containsExactly("h1", "p1");
            assertThat(m.events()).containsExactlyElementsOf(events);
            assertThat(m.id()).isEqualTo(MatchIds.of("r", events));
        });
    }

    @Test
    void installingARuleRegistersTheStringsItsStagesAreDispatchedByAndMustFind() {
        FieldRegistry fields = FieldRegistry.withDefaults();
        DetectionEngine registering = new DetectionEngine(EngineSettings.defaults().withFields(fields));
        CompiledQuery query = Eql.compile("""
                sequence by host.id with maxspan=1s
                  [process where host.os.type == "linux" and event.action in ("exec", "fork") and
                     not process.name : "cron"]
                  [network where event.type == "start" or destination.port == 4444]""", CompileOptions.DEFAULTS);

        registering.install(new RuleSpec("r", 1, query));

        assertThat(fields.values()).containsExactlyInAnyOrder("process", "linux", "exec", "fork", "network");
        assertThat(fields.values()).as("the rule's own instances")
                .anySatisfy(value -> assertThat(value).isSameAs(query.stages().get(0).category()))
                .anySatisfy(value -> assertThat(value).isSameAs(query.stages().get(1).category()));
    }

    @Test
    void matchIdIsAVersion8UuidThatDependsOnRuleAndEvents() {
        List<Event> events = chain("h", "p", 0);
        String id = MatchIds.of("rule", events);

        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(MatchIds.of("rule", List.copyOf(events))).isEqualTo(id);
        assertThat(MatchIds.of("other", events)).isNotEqualTo(id);
        assertThat(MatchIds.of("rule", List.of(events.get(1), events.get(0), events.get(2)))).isNotEqualTo(id);
    }

    @Test
    void closingWithoutCommitLeavesTheStoreAsIfTheBatchNeverCame() {
        engine.install(new RuleSpec("r", 1, sequenceAbc(1000)));
        List<Event> events = chain("h1", "p1", 10);
        run(events.subList(0, 2));

        try (EngineBatch batch = engine.evaluate(events.subList(2, 3))) {
            assertThat(batch.matches()).hasSize(1);
            // persisting failed: no commit
        }
        assertThat(engine.counters("r").orElseThrow().pending()).isEqualTo(1);
        assertThat(engine.counters("r").orElseThrow().matches()).isZero();

        List<Match> retried = run(events.subList(2, 3));
        assertThat(retried).hasSize(1);
        assertThat(run(events.subList(2, 3))).as("the partial was consumed by the committed retry").isEmpty();
        assertThat(engine.counters("r").orElseThrow().matches()).isEqualTo(1);
    }

    @Test
    void aRolledBackBatchDoesNotMoveItsHostsClock() {
        engine.install(new RuleSpec("r", 1, sequenceAbc(100_000)));
        Event early = step("a", "h", "p", 0);
        Event muchLater = step("b", "h", "x", 120_000);
        try (EngineBatch batch = engine.evaluate(List.of(early, muchLater))) {
            assertThat(batch.lateEventIndexes()).isEmpty();
        }
        try (EngineBatch retry = engine.evaluate(List.of(muchLater, early))) {
            assertThat(retry.lateEventIndexes()).as("judged as the first attempt was").isEmpty();
            retry.commit();
        }
        try (EngineBatch after = engine.evaluate(List.of(step("a", "h", "q", 1)))) {
            assertThat(after.lateEventIndexes()).as("now the committed clock is two minutes ahead").containsExactly(0);
        }
    }

    @Test
    void aBatchOutOfTimeOrderAdvancesEachHostsClockByItsOwnEvents() {
        engine.install(new RuleSpec("r", 1, sequenceAbc(1000)));
        // arrival order is not time order: the commit must pair each event's time with that event's host
        run(List.of(step("x", "ahead", "p", 100_000), step("x", "behind", "q", 50_000)));

        try (EngineBatch batch = engine.evaluate(List.of(step("x", "behind", "q", 25_000),
                step("x", "ahead", "p", 65_000)))) {
            assertThat(batch.lateEventIndexes()).as("behind's clock is at 50 s, ahead's at 100 s, lateness 30 s")
                    .containsExactly(1);
        }
    }

    @Test
    void lateEventsAreReportedByIndexAndCountedForTheRulesTheyWouldHaveHit() {
        engine.install(new RuleSpec("r", 1, sequenceAbc(1000)));
        run(List.of(step("a", "h", "p", 100_000)));

        try (EngineBatch batch = engine.evaluate(List.of(step("a", "h", "q", 100_001), step("b", "h", "p", 1),
                step("x", "h", "p", 2)))) {
            assertThat(batch.lateEventIndexes()).containsExactly(1, 2);
            batch.commit();
        }
        RuleCounters counters = engine.counters("r").orElseThrow();
        assertThat(counters.lateDropped()).as("only the late event that hit a stage").isEqualTo(1);
        assertThat(engine.totals().lateEvents()).isEqualTo(2);
    }

    @Test
    void countsEventsSeenStageHitsMatchesPendingAndNullJoinKeys() {
        engine.install(new RuleSpec("r", 1, sequenceAbc(1000)));
        List<Event> events = new ArrayList<>(chain("h", "p", 0));
        events.add(step("a", "h", "q", 5));
        events.add(step("x", "h", "q", 6));
        Event noEntity = step("a", "h", "q", 7);
        ((tools.jackson.databind.node.ObjectNode) noEntity.document().get("process")).remove("entity_id");
        events.add(noEntity);
        run(events);

        RuleCounters c = engine.counters("r").orElseThrow();
        assertThat(c.eventsSeen()).isEqualTo(6);
        assertThat(c.stageHits()).isEqualTo(5);
        assertThat(c.matches()).isEqualTo(1);
        assertThat(c.pending()).isEqualTo(1);
        assertThat(c.nullJoinKeys()).isEqualTo(1);
    }

    @Test
    void excludedEventsTakePartInNoStageAndAreCounted() {
        engine.install(new RuleSpec("r", 1, sequenceAbc(1000),
                e -> "p-allowed".equals(e.document().path("process").path("entity_id").asString())));
        List<Match> matches = run(chain("h", "p-allowed", 0));

        assertThat(matches).isEmpty();
        assertThat(engine.counters("r").orElseThrow().suppressedByExclusion()).isEqualTo(3);
        assertThat(run(chain("h", "p-other", 10))).hasSize(1);
    }

    @Test
    void replacingARuleDropsItsPendingPartialsAndCountsThem() {
        engine.install(new RuleSpec("r", 1, sequenceAbc(1000)));
        run(List.of(step("a", "h", "p1", 0), step("a", "h", "p2", 1)));
        assertThat(engine.counters("r").orElseThrow().pending()).isEqualTo(2);

        engine.install(new RuleSpec("r", 2, sequenceAbc(1000)));

        RuleCounters c = engine.counters("r").orElseThrow();
        assertThat(c.revision()).isEqualTo(2);
        assertThat(c.pending()).isZero();
        assertThat(c.droppedOnReplace()).isEqualTo(2);
        assertThat(engine.totals().pendingKeys()).isZero();
        assertThat(run(List.of(step("b", "h", "p1", 2), step("c", "h", "p1", 3)))).as("old partials are gone").isEmpty();
    }

    @Test
    void aBatchStillHoldingAReplacedRuleLeavesTheStoreAlone() throws Exception {
        engine.install(new RuleSpec("r", 1, sequenceAbc(1000)));
        Thread replacer;
        try (EngineBatch batch = engine.evaluate(List.of(step("a", "h", "p1", 0)))) {
            // the replacement waits for this batch's stripe, then drops what the batch wrote
            replacer = new Thread(() -> engine.install(new RuleSpec("r", 2, sequenceAbc(1000))));
            replacer.start();
            Thread.sleep(50);
            batch.commit();
        }
        replacer.join(5000);
        assertThat(replacer.isAlive()).isFalse();
        assertThat(engine.totals().pendingKeys()).isZero();
        assertThat(engine.counters("r").orElseThrow().droppedOnReplace()).isEqualTo(1);
    }

    @Test
    void removingARuleStopsItMatching() {
        engine.install(new RuleSpec("r", 1, sequenceAbc(1000)));
        run(List.of(step("a", "h", "p", 0)));

        assertThat(engine.uninstall("r")).isTrue();
        assertThat(engine.uninstall("r")).isFalse();
        assertThat(run(chain("h", "q", 10))).isEmpty();
        assertThat(engine.counters("r").orElseThrow().revision()).isEqualTo(-1);
        assertThat(engine.installedRuleIds()).isEmpty();
    }

    @Test
    void evaluatesManyRulesOnTheSameEvents() {
        for (int i = 0; i < 200; i++) {
            engine.install(new RuleSpec("r" + i, 1, sequenceAbc(1000)));
        }
        List<Match> matches = run(chain("h", "p", 0));

        assertThat(matches).hasSize(200);
        assertThat(matches).extracting(Match::ruleId).doesNotHaveDuplicates();
    }

    @Test
    void eventQueriesMatchSingleEventsInTimeOrder() {
        CompiledStage stage = new CompiledStage(0, "process", e -> "a".equals(e.document().path("step").asString()),
                List.of(), 1, false);
        engine.install(new RuleSpec("single", 1, new CompiledQuery("process where step == \"a\"", QueryKind.EVENT,
                CategoryMatcher.DEFAULT, List.of(stage), null, 0, List.of())));
        Event second = step("a", "h", "p", 5);
        Event first = step("a", "h", "q", 1);

        List<Match> matches = run(List.of(second, step("b", "h", "p", 2), first));

        assertThat(matches).extracting(m -> m.events().get(0)).containsExactly(first, second);
    }

    @Test
    void theStoreKeepsAtMostTheConfiguredNumberOfKeysAndCountsEvictions() {
        DetectionEngine small = new DetectionEngine(EngineSettings.defaults().withMaxPendingKeys(100));
        small.install(new RuleSpec("r", 1, sequenceAbc(1000)));
        List<Event> starts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            starts.add(step("a", "h", "p" + i, i));
        }
        try (EngineBatch batch = small.evaluate(starts)) {
            batch.commit();
        }

        RuleCounters c = small.counters("r").orElseThrow();
        assertThat(small.totals().pendingKeys()).isLessThanOrEqualTo(100);
        assertThat(c.evicted()).isEqualTo(1000 - small.totals().pendingKeys());
        assertThat(c.pending()).isEqualTo(small.totals().pendingKeys());
    }

    @Test
    void aFullStoreEvictsItsLeastRecentlyTouchedKeysSoThatNewSequencesStillComplete() {
        DetectionEngine small = new DetectionEngine(EngineSettings.defaults().withMaxPendingKeys(1_000));
        small.install(new RuleSpec("r", 1, TestEvents.sequence(100_000, "a", "b")));
        // 20 batches of 500 new partial matches: ten times what the store holds
        for (int round = 0; round < 20; round++) {
            List<Event> starts = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = round * 500 + i;
                starts.add(step("a", "h", "p" + n, n));
            }
            try (EngineBatch batch = small.evaluate(starts)) {
                batch.commit();
            }
        }
        // every sequence started in the last batch completes; the first ones were evicted
        List<Event> ends = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ends.add(step("b", "h", "p" + (9_500 + i), 10_000 + i));
        }
        ends.add(step("b", "h", "p0", 10_600));
        try (EngineBatch batch = small.evaluate(ends)) {
            assertThat(batch.matches()).hasSize(500)
                    .allSatisfy(m -> assertThat(m.events().get(0).timestampNanos()).isGreaterThanOrEqualTo(9_500_000_000L));
            batch.commit();
        }
        RuleCounters c = small.counters("r").orElseThrow();
        assertThat(c.evicted()).isEqualTo(10_000 - 500 - c.pending());
    }

    @Test
    void countsAnEventOfSeveralCategoriesOnceForEachRuleThatAsksForAnyOfThem() {
        CompiledStage process = new CompiledStage(0, "process", e -> false, List.of(), 1, false);
        CompiledStage network = new CompiledStage(0, "network", e -> false, List.of(), 1, false);
        CompiledStage any = new CompiledStage(0, null, e -> false, List.of(), 1, false);
        engine.install(new RuleSpec("process", 1, eventQuery(process)));
        engine.install(new RuleSpec("network", 1, eventQuery(network)));
        engine.install(new RuleSpec("any", 1, eventQuery(any)));
        Event both = categorized(1, "process", "network");
        Event processOnly = categorized(2, "process");
        Event file = categorized(3, "file");

        run(List.of(both, processOnly, file, categorized(4, "network", "network")));

        assertThat(engine.counters("process").orElseThrow().eventsSeen()).isEqualTo(2);
        assertThat(engine.counters("network").orElseThrow().eventsSeen()).isEqualTo(2);
        assertThat(engine.counters("any").orElseThrow().eventsSeen()).isEqualTo(4);
    }

    private static CompiledQuery eventQuery(CompiledStage stage) {
        return new CompiledQuery("q", QueryKind.EVENT, CategoryMatcher.DEFAULT, List.of(stage), null, 0, List.of());
    }

    private static Event categorized(long millis, String... categories) {
        tools.jackson.databind.node.ObjectNode doc = TimelineSpec.JSON.createObjectNode();
        doc.put("@timestamp", millis);
        tools.jackson.databind.node.ArrayNode list = doc.putObject("event").putArray("category");
        for (String category : categories) {
            list.add(category);
        }
        doc.putObject("host").put("id", "h");
        return Event.from(doc);
    }

    @Test
    void aRuleFloodingTheStoreEvictsOnlyItsOwnPartialMatches() {
        DetectionEngine shared = new DetectionEngine(EngineSettings.defaults().withMaxPendingKeys(1_000));
        shared.install(new RuleSpec("flood", 1, TestEvents.sequence(100_000, "a", "z")));
        shared.install(new RuleSpec("narrow", 1, TestEvents.sequence(100_000, "x", "y")));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            events.add(step("a", "h", "flood-" + i, i));
            if (i % 100 == 0) {
                events.add(step("x", "h", "narrow-" + i, i));
            }
        }
        for (int i = 0; i < 6_000; i += 100) {
            events.add(step("y", "h", "narrow-" + i, 6_000 + i));
        }
        int narrowMatches = 0;
        for (int start = 0; start < events.size(); start += 500) {
            try (EngineBatch batch = shared.evaluate(events.subList(start, Math.min(events.size(), start + 500)))) {
                narrowMatches += (int) batch.matches().stream().filter(m -> m.ruleId().equals("narrow")).count();
                batch.commit();
            }
            assertThat(shared.totals().pendingKeys()).as("the budget bounds all stores together")
                    .isLessThanOrEqualTo(1_000);
        }

        RuleCounters flood = shared.counters("flood").orElseThrow();
        RuleCounters narrow = shared.counters("narrow").orElseThrow();
        assertThat(narrowMatches).as("every narrow partial survived the flood").isEqualTo(60);
        assertThat(narrow.evicted()).isZero();
        assertThat(flood.evicted()).as("the flood evicted its own").isGreaterThanOrEqualTo(5_000);
        assertThat(flood.evicted() + flood.pending()).isEqualTo(6_000);
    }

    @Test
    void aRuleBelowItsShareTakesRoomFromALargerOneNotFromASmallerOne() {
        DetectionEngine shared = new DetectionEngine(EngineSettings.defaults().withMaxPendingKeys(3_000));
        shared.install(new RuleSpec("large", 1, TestEvents.sequence(100_000, "a", "z")));
        shared.install(new RuleSpec("small", 1, TestEvents.sequence(100_000, "s", "z")));
        shared.install(new RuleSpec("middle", 1, TestEvents.sequence(100_000, "m", "z")));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(step("s", "h", "s" + i, i));
        }
        for (int i = 0; i < 5_000; i++) {
            events.add(step("a", "h", "a" + i, 1_000 + i));
        }
        for (int i = 0; i < 1_000; i++) {
            events.add(step("m", "h", "m" + i, 10_000 + i));
        }
        for (int start = 0; start < events.size(); start += 250) {
            try (EngineBatch batch = shared.evaluate(events.subList(start, Math.min(events.size(), start + 250)))) {
                batch.commit();
            }
        }

        assertThat(shared.counters("small").orElseThrow().pending()).isEqualTo(200);
        assertThat(shared.counters("middle").orElseThrow().pending()).as("it took room from the larger rule")
                .isEqualTo(1_000);
        assertThat(shared.counters("middle").orElseThrow().evicted()).isZero();
        assertThat(shared.counters("large").orElseThrow().pending()).isBetween(1_000L, 1_800L);
        assertThat(shared.totals().pendingKeys()).isLessThanOrEqualTo(3_000);
    }

    @Test
    void idleStatesAreEvictedByTheWallClockGuardAndCounted() {
        AtomicLong wallClock = new AtomicLong();
        DetectionEngine guarded = new DetectionEngine(EngineSettings.defaults()
                .withIdleTimeout(Duration.ofMinutes(10), wallClock::get));
        guarded.install(new RuleSpec("r", 1, sequenceAbc(0)));
        try (EngineBatch batch = guarded.evaluate(List.of(step("a", "h", "p", 0)))) {
            batch.commit();
        }
        wallClock.addAndGet(Duration.ofMinutes(11).toNanos());
        try (EngineBatch batch = guarded.evaluate(List.of(step("b", "h", "p", 1), step("c", "h", "p", 2)))) {
            assertThat(batch.matches()).as("the partial was evicted before b came").isEmpty();
            batch.commit();
        }
        assertThat(guarded.counters("r").orElseThrow().evicted()).isEqualTo(1);
    }

    @Test
    void theSweepForgetsPartialsOnceEventTimePassesMaxspanAndLateness() {
        DetectionEngine swept = new DetectionEngine(EngineSettings.defaults().withAllowedLateness(Duration.ofSeconds(1)));
        swept.install(new RuleSpec("r", 1, sequenceAbc(1000)));
        try (EngineBatch batch = swept.evaluate(List.of(step("a", "h", "p", 0), step("a", "h", "q", 0)))) {
            batch.commit();
        }
        try (EngineBatch batch = swept.evaluate(List.of(step("x", "h", "z", 2_500)))) {
            batch.commit();
        }
        assertThat(swept.totals().pendingKeys()).isEqualTo(2);

        swept.sweep();

        assertThat(swept.totals().pendingKeys()).isZero();
        RuleCounters c = swept.counters("r").orElseThrow();
        assertThat(c.expiredByMaxspan()).isEqualTo(2);
        assertThat(c.pending()).isZero();
    }

    @Test
    void aSweepThatACommitFindsDueRunsWhereTheSettingsSayNotInTheCommit() {
        List<Runnable> sweeps = new ArrayList<>();
        DetectionEngine swept = new DetectionEngine(EngineSettings.defaults().withAllowedLateness(Duration.ofSeconds(1))
                .withSweeps(sweeps::add));
        swept.install(new RuleSpec("r", 1, sequenceAbc(1000)));
        try (EngineBatch batch = swept.evaluate(List.of(step("a", "h", "p", 0)))) {
            batch.commit();
        }
        // a minute of event time later: the sweep is due
        try (EngineBatch batch = swept.evaluate(List.of(step("x", "h", "z", 61_000)))) {
            batch.commit();
        }

        assertThat(sweeps).hasSize(1);
        assertThat(swept.totals().pendingKeys()).as("not swept by the commit").isEqualTo(1);
        sweeps.get(0).run();
        assertThat(swept.totals().pendingKeys()).isZero();
        assertThat(swept.counters("r").orElseThrow().expiredByMaxspan()).isEqualTo(1);
    }

    @Test
    void aSweepTheExecutorRefusesIsAskedForAgainByTheNextCommitAndTheCommitsSucceed() {
        List<Runnable> accepted = new ArrayList<>();
        int[] refusals = {1};
        DetectionEngine swept = new DetectionEngine(EngineSettings.defaults().withAllowedLateness(Duration.ofSeconds(1))
                .withSweeps(task -> {
                    if (refusals[0]-- > 0) {
                        throw new java.util.concurrent.RejectedExecutionException("busy");
                    }
                    accepted.add(task);
                }));
        swept.install(new RuleSpec("r", 1, sequenceAbc(1000)));
        try (EngineBatch batch = swept.evaluate(List.of(step("a", "h", "p", 0)))) {
            batch.commit();
        }
        try (EngineBatch batch = swept.evaluate(List.of(step("x", "h", "z", 61_000)))) {
            batch.commit();
        }
        assertThat(accepted).isEmpty();

        try (EngineBatch batch = swept.evaluate(List.of(step("x", "h", "z", 61_500)))) {
            batch.commit();
        }

        assertThat(accepted).hasSize(1);
        accepted.get(0).run();
        assertThat(swept.totals().pendingKeys()).isZero();
    }

    @Test
    void retainHookDecidesWhatPartialMatchesKeep() {
        List<Event> retained = new ArrayList<>();
        DetectionEngine hooked = new DetectionEngine(EngineSettings.defaults().withRetain(e -> {
            retained.add(e);
            return e;
        }));
        hooked.install(new RuleSpec("r", 1, sequenceAbc(1000)));
        try (EngineBatch batch = hooked.evaluate(List.of(step("a", "h", "p", 0), step("x", "h", "p", 1)))) {
            batch.commit();
        }
        assertThat(retained).as("only events that hit a stage are retained").hasSize(1);
    }

    @Test
    void aKeyHitThousandsOfTimesKeepsABoundedHistoryAndStillMatches() {
        engine.install(new RuleSpec("burst", 1, TestEvents.sequence(0, "a", "b")));
        List<Event> burst = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            burst.add(step("a", "h", "p", i));
        }
        run(burst);
        assertThat(run(List.of(step("b", "h", "p", 5001)))).singleElement()
                .satisfies(m -> assertThat(m.events().get(0)).isSameAs(burst.get(4999)));

        try (EngineBatch late = engine.evaluate(List.of(step("b", "h", "p", 10)))) {
            assertThat(late.lateEventIndexes()).as("within the host's lateness").isEmpty();
            assertThat(late.matches()).as("but before the key's folded history").isEmpty();
            late.commit();
        }
        assertThat(engine.counters("burst").orElseThrow().lateDropped()).isEqualTo(1);
    }

    @Test
    void refusesRulesItCannotRunAsAStreamWithAReason() {
        CompiledStage a = new CompiledStage(0, "process", e -> true, List.of(), 1, false);
        CompiledStage missing = new CompiledStage(1, "process", e -> true, List.of(), 1, true);
        CompiledQuery trailingMissingWithoutMaxspan = new CompiledQuery("q", QueryKind.SEQUENCE,
                CategoryMatcher.DEFAULT, List.of(a, missing), null, 0, List.of());

        assertThatThrownBy(() -> engine.install(new RuleSpec("bad", 1, trailingMissingWithoutMaxspan)))
                .isInstanceOf(UnsupportedRuleException.class)
                .hasMessageContaining("needs 'with maxspan'");
        assertThat(engine.installedRuleIds()).isEmpty();
    }
}
