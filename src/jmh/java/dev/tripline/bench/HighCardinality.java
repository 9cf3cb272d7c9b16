package dev.tripline.bench;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineBatch;
import dev.tripline.engine.EngineSettings;
import dev.tripline.engine.RuleCounters;
import dev.tripline.engine.RuleSpec;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.event.CompactEvents;
import dev.tripline.event.Event;
import dev.tripline.event.FieldRegistry;
import dev.tripline.workload.SeedRule;
import dev.tripline.workload.Workload;
import java.util.Iterator;
import java.util.List;

/**
 * The memory guard under hostile key cardinality: 10 million events, 2 million of them stage-1 events each with its
 * own join key, all within 20 s of event time (nothing expires by event time), through an engine bounded at
 * 1,000,000 pending keys, as the service runs it: compact events decoded batch by batch from JSON, partials keeping
 * retained copies. Prints the store size, evictions and heap after GC; fails if the store outgrew its bound. Run
 * with {@code -Dbench.main=dev.tripline.bench.HighCardinality [-Djmh.args="events bound"]}.
 */
public final class HighCardinality {

    public static void main(String[] args) throws Exception {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        long bound = args.length > 1 ? Long.parseLong(args[1]) : EngineSettings.DEFAULT_MAX_PENDING_KEYS;
        CompiledQuery rule = W1.compiledSeedRule();
        FieldRegistry fields = W1.fields(List.of(rule));
        DetectionEngine engine = new DetectionEngine(W1.settings(fields).withMaxPendingKeys(bound));
        engine.install(new RuleSpec(SeedRule.RULE_ID, 1, rule));
        long baseline = PartialHeap.usedAfterGc();
        long start = System.nanoTime();
        Iterator<List<Event>> batches = Workload.highCardinality(9, total, 0.2, 100_000, 500, 1000);
        long maxSize = 0;
        long events = 0;
        while (batches.hasNext()) {
            // pooled noise documents are re-stamped without being rewritten: decoded keeping each event's own time
            List<Event> batch = CompactEvents.of(batches.next(), fields);
            try (EngineBatch result = engine.evaluate(batch)) {
                result.commit();
            }
            events += batch.size();
            maxSize = Math.max(maxSize, engine.totals().pendingKeys());
            if (events % 1_000_000 == 0) {
                System.out.printf("%,d events: %,d keys pending, heap %,d MB%n", events, engine.totals().pendingKeys(),
                        Runtime.getRuntime().totalMemory() / 1_000_000 - Runtime.getRuntime().freeMemory() / 1_000_000);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long after = PartialHeap.usedAfterGc();
        RuleCounters counters = engine.counters(SeedRule.RULE_ID).orElseThrow();
        System.out.printf("%,d events in %.1f s; stage hits %,d; pending now %,d keys (bound %,d, max seen %,d); "
                + "evicted %,d; heap after GC %,d MB (%,d MB above the empty engine)%n", events, seconds,
                counters.stageHits(), engine.totals().pendingKeys(), bound, maxSize, counters.evicted(),
                after / 1_000_000, (after - baseline) / 1_000_000);
        if (engine.totals().pendingKeys() > bound || maxSize > bound) {
            throw new IllegalStateException("the store outgrew its bound");
        }
        if (counters.pending() + counters.evicted() != counters.stageHits()) {
            throw new IllegalStateException("every stage-1 key is pending or counted as evicted");
        }
    }
}
