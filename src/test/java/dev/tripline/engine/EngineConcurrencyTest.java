package dev.tripline.engine;

import static dev.tripline.engine.TestEvents.chain;
import static dev.tripline.engine.TestEvents.sequenceAbc;
import static dev.tripline.engine.TestEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tripline.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EngineConcurrencyTest {

    private static final int THREADS = 6;
    private static final int CHAINS_PER_THREAD = 300;

    @Test
    void concurrentBatchesWithRollbacksAndRetriesCompleteEveryMatchExactlyOnce() throws Exception {
        // few stripes: batches of different threads collide all the time
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults().withLockStripes(8));
        engine.install(new RuleSpec("r", 1, sequenceAbc(60_000)));
        Map<String, Integer> committedMatches = new ConcurrentHashMap<>();
        AtomicInteger rollbacks = new AtomicInteger();
        AtomicInteger abandoned = new AtomicInteger();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                Random random = new Random(thread);
                for (List<Event> batch : interleavedChains(thread, random)) {
                    while (true) {
                        try (EngineBatch result = engine.evaluate(batch)) {
                            if (random.nextInt(3) == 0) {
                                rollbacks.incrementAndGet();
                                continue; // persisting "failed": close without commit, then retry the same batch
                            }
                            try {
                                result.commit();
                            } catch (BatchAbandonedException e) {
                                // it built on another thread's batch that was rolled back: rolled back with it
                                abandoned.incrementAndGet();
                                continue;
                            }
                            result.matches().forEach(m -> committedMatches.merge(m.id(), 1, Integer::sum));
                            break;
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(rollbacks.get()).isPositive();
        assertThat(committedMatches).hasSize(THREADS * CHAINS_PER_THREAD);
        assertThat(committedMatches.values()).containsOnly(1);
        RuleCounters counters = engine.counters("r").orElseThrow();
        assertThat(counters.matches()).isEqualTo(THREADS * CHAINS_PER_THREAD);
        assertThat(counters.pending()).isZero();
    }

    @Test
    void concurrentBatchesNeverEvictWhileTheBudgetHasRoom() throws Exception {
        // every batch adds new keys to the one store at once: each must see the room the others are about to take
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults().withMaxPendingKeys(60_000));
        engine.install(new RuleSpec("r", 1, sequenceAbc(600_000)));
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int b = 0; b < 50; b++) {
                    List<Event> batch = new ArrayList<>();
                    for (int i = 0; i < 140; i++) {
                        batch.add(step("a", "host-" + thread, "p" + b + "-" + i, b * 1_000L + i));
                    }
                    try (EngineBatch result = engine.evaluate(batch)) {
                        result.commit();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        RuleCounters counters = engine.counters("r").orElseThrow();
        assertThat(counters.evicted()).as("56,000 keys in a budget of 60,000").isZero();
        assertThat(counters.pending()).isEqualTo(threads * 50 * 140);
    }

    @Test
    void rulesCanBeInstalledReplacedAndRemovedWhileEventsFlow() throws Exception {
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());
        engine.install(new RuleSpec("steady", 1, sequenceAbc(60_000)));
        Map<String, Integer> steadyMatches = new ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean flowing = new java.util.concurrent.atomic.AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<Integer> churn = pool.submit(() -> {
            int changes = 0;
            while (flowing.get()) {
                engine.install(new RuleSpec("churning", changes, sequenceAbc(60_000)));
                if (changes % 3 == 0) {
                    engine.uninstall("churning");
                }
                changes++;
            }
            return changes;
        });
        List<Future<?>> streams = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            streams.add(pool.submit(() -> {
                for (List<Event> batch : interleavedChains(thread, new Random(thread))) {
                    try (EngineBatch result = engine.evaluate(batch)) {
                        result.matches().stream().filter(m -> m.ruleId().equals("steady"))
                                .forEach(m -> steadyMatches.merge(m.id(), 1, Integer::sum));
                        result.commit();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : streams) {
            f.get(60, TimeUnit.SECONDS);
        }
        flowing.set(false);
        assertThat(churn.get(10, TimeUnit.SECONDS)).isPositive();
        pool.shutdown();

        assertThat(steadyMatches).hasSize(2 * CHAINS_PER_THREAD);
        assertThat(steadyMatches.values()).containsOnly(1);
        engine.uninstall("churning");
        assertThat(engine.counters("churning").orElseThrow().pending()).as("nothing left behind by the churn").isZero();
        assertThat(engine.counters("steady").orElseThrow().pending()).isZero();
    }

    /** Each thread's chains, their events spread over batches of 1 to 10 in time order. */
    private static List<List<Event>> interleavedChains(int thread, Random random) {
        List<Event> events = new ArrayList<>();
        for (int c = 0; c < CHAINS_PER_THREAD; c++) {
            events.addAll(chain("host-" + thread, "p" + c, c * 3L));
        }
        events.sort((a, b) -> Long.compare(a.timestampNanos(), b.timestampNanos()));
        List<List<Event>> batches = new ArrayList<>();
        int i = 0;
        while (i < events.size()) {
            int size = 1 + random.nextInt(10);
            batches.add(events.subList(i, Math.min(events.size(), i + size)));
            i += size;
        }
        return batches;
    }

    @Test
    void batchesOnOtherKeysDoNotWaitForAnOpenBatch() throws Exception {
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());
        engine.install(new RuleSpec("r", 1, sequenceAbc(60_000)));
        try (EngineBatch open = engine.evaluate(List.of(step("a", "h1", "held", 0)))) {
            ExecutorService other = Executors.newSingleThreadExecutor();
            Future<Integer> matches = other.submit(() -> {
                try (EngineBatch batch = engine.evaluate(chain("h2", "free", 0))) {
                    batch.commit();
                    return batch.matches().size();
                }
            });
            assertThat(matches.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            other.shutdown();
            open.commit();
        }
    }

    @Test
    void aBatchOnTheSameKeyBuildsOnTheOpenOneAtOnceAndCommitsOnlyAfterIt() throws Exception {
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());
        engine.install(new RuleSpec("r", 1, sequenceAbc(60_000)));
        ExecutorService other = Executors.newSingleThreadExecutor();
        Future<?> committed;
        try (EngineBatch open = engine.evaluate(List.of(step("a", "h", "p", 0), step("b", "h", "p", 1)))) {
            // evaluated at once, on the open batch's uncommitted partial [a b]: no waiting for its persisting
            EngineBatch later = other.submit(() -> engine.evaluate(List.of(step("c", "h", "p", 2))))
                    .get(5, TimeUnit.SECONDS);
            assertThat(later.matches()).as("completes the open batch's partial").hasSize(1);
            committed = other.submit(() -> {
                try (later) {
                    later.commit();
                }
                return null;
            });
            Thread.sleep(100);
            assertThat(committed.isDone()).as("commits only after the batch it built on").isFalse();
            open.commit();
        }
        committed.get(5, TimeUnit.SECONDS);
        other.shutdown();
        assertThat(engine.counters("r").orElseThrow().matches()).isEqualTo(1);
        assertThat(engine.counters("r").orElseThrow().pending()).isZero();
    }

    @Test
    void aBatchThatBuiltOnARolledBackOneIsRolledBackWithItAndTheKeyHoldsWhatWasCommitted() {
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());
        engine.install(new RuleSpec("r", 1, sequenceAbc(60_000)));
        try (EngineBatch first = engine.evaluate(List.of(step("a", "h", "p", 0)))) {
            first.commit();
        }
        EngineBatch earlier = engine.evaluate(List.of(step("b", "h", "p", 1)));
        EngineBatch later = engine.evaluate(List.of(step("c", "h", "p", 2)));
        EngineBatch latest = engine.evaluate(List.of(step("a", "h", "p", 3)));
        assertThat(later.matches()).as("built on the earlier batch's [a b]").hasSize(1);

        earlier.close(); // persisting the earlier batch failed

        assertThatThrownBy(later::commit).isInstanceOf(BatchAbandonedException.class);
        assertThatThrownBy(() -> latest.awaitEarlierBatches(Duration.ofSeconds(5)))
                .as("built on the later one, so on the earlier one too").isInstanceOf(BatchAbandonedException.class);
        later.close();
        latest.close();
        RuleCounters counters = engine.counters("r").orElseThrow();
        assertThat(counters.matches()).as("no match of a rolled-back batch counted").isZero();
        assertThat(counters.pending()).as("the committed [a] alone").isEqualTo(1);

        // the retries, in order: exactly the match sorted delivery gives, from the committed a
        try (EngineBatch retry = engine.evaluate(List.of(step("b", "h", "p", 1), step("c", "h", "p", 2)))) {
            assertThat(retry.matches()).singleElement()
                    .satisfies(m -> assertThat(m.events()).extracting(Event::timestampNanos)
                            .containsExactly(0L, 1_000_000L, 2_000_000L));
            retry.commit();
        }
    }

    @Test
    void aBatchGivesUpWaitingForAnEarlierOneThatDoesNotSettleAndRollsBackAlone() {
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());
        engine.install(new RuleSpec("r", 1, sequenceAbc(60_000)));
        EngineBatch earlier = engine.evaluate(List.of(step("a", "h", "p", 0), step("b", "h", "p", 1)));
        EngineBatch later = engine.evaluate(List.of(step("c", "h", "p", 2)));

        assertThatThrownBy(() -> later.awaitEarlierBatches(Duration.ofMillis(50)))
                .isInstanceOf(BatchAbandonedException.class).hasMessageContaining("not committed within 50 ms");
        later.close();
        earlier.commit();

        assertThat(engine.counters("r").orElseThrow().pending()).as("[a b] of the earlier batch").isEqualTo(1);
        try (EngineBatch retry = engine.evaluate(List.of(step("c", "h", "p", 2)))) {
            assertThat(retry.matches()).hasSize(1);
            retry.commit();
        }
    }

    @Test
    void aBatchOnAKeyOfAnotherStripeDoesNotDependOnAnOpenBatch() {
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults().withLockStripes(1 << 16));
        engine.install(new RuleSpec("r", 1, sequenceAbc(60_000)));
        EngineBatch earlier = engine.evaluate(List.of(step("a", "h1", "p", 0)));
        // a key whose stripe differs from the open batch's (found by trying: stripes follow the key's fingerprint)
        EngineBatch other = null;
        for (int i = 0; other == null; i++) {
            EngineBatch candidate = engine.evaluate(List.of(step("a", "h2", "q" + i, 0)));
            try {
                candidate.awaitEarlierBatches(Duration.ZERO);
                other = candidate;
            } catch (BatchAbandonedException sameStripe) {
                candidate.close();
            }
        }
        earlier.close();
        other.commit(); // not rolled back with the earlier batch
        assertThat(engine.counters("r").orElseThrow().pending()).isEqualTo(1);
    }

    @Test
    void aBatchRepeatingTheEventsOfAnOpenBatchSaysItRepeatsItsMatchAndOneContinuingItDoesNot() {
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());
        engine.install(new RuleSpec("r", 1, sequenceAbc(60_000)));
        List<Event> events = chain("h", "p", 0);
        EngineBatch first = engine.evaluate(events);
        // the same events again while the first sending is open (a client retrying before it had its answer),
        // decoded anew as a request's are: other objects, the same documents
        EngineBatch repeated = engine.evaluate(copies(events));
        EngineBatch continuing = engine.evaluate(chain("h", "p", 10));
        EngineBatch repeatedAgain = engine.evaluate(copies(events));

        assertThat(first.repeatsAnEarlierMatch()).as("builds on nothing open").isFalse();
        assertThat(repeated.matches()).extracting(Match::id)
                .as("the same match id").containsExactlyElementsOf(first.matches().stream().map(Match::id).toList());
        assertThat(repeated.repeatsAnEarlierMatch()).isTrue();
        assertThat(continuing.matches()).as("a match of its own").hasSize(1);
        assertThat(continuing.repeatsAnEarlierMatch()).isFalse();
        assertThat(repeatedAgain.matches()).extracting(Match::id).contains(first.matches().get(0).id());
        assertThat(repeatedAgain.repeatsAnEarlierMatch()).as("found through the batch it builds on").isTrue();

        first.commit();
        assertThat(repeated.repeatsAnEarlierMatch()).as("nothing open repeats it any more").isFalse();
        repeated.commit();
        continuing.commit();
        repeatedAgain.commit();
    }

    private static List<Event> copies(List<Event> events) {
        return events.stream().map(e -> Event.from(e.document().deepCopy())).toList();
    }

    @Test
    void aBatchIsCommittedOrClosedOnceAndSaysWhichWhenAskedAgain() {
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());
        engine.install(new RuleSpec("r", 1, sequenceAbc(60_000)));
        EngineBatch committed = engine.evaluate(List.of(step("a", "h", "p", 0)));
        committed.commit();
        assertThatThrownBy(committed::commit).isInstanceOf(IllegalStateException.class)
                .hasMessage("batch already committed");
        committed.close(); // no effect on a committed batch
        assertThat(engine.counters("r").orElseThrow().pending()).isEqualTo(1);

        EngineBatch closed = engine.evaluate(List.of(step("b", "h", "p", 1)));
        closed.close();
        assertThatThrownBy(closed::commit).isInstanceOf(IllegalStateException.class)
                .hasMessage("batch already closed");
    }

    @Test
    void aBatchMayBeCommittedOnAnotherThreadThanTheOneThatEvaluatedIt() throws Exception {
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());
        engine.install(new RuleSpec("r", 1, sequenceAbc(60_000)));
        EngineBatch batch = engine.evaluate(List.of(step("a", "h", "p", 0)));
        ExecutorService other = Executors.newSingleThreadExecutor();
        other.submit(batch::commit).get(5, TimeUnit.SECONDS);
        other.shutdown();

        try (EngineBatch next = engine.evaluate(List.of(step("b", "h", "p", 1), step("c", "h", "p", 2)))) {
            assertThat(next.matches()).hasSize(1);
            next.commit();
        }
    }
}
