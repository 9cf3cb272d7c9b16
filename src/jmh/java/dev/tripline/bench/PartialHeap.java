package dev.tripline.bench;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineSettings;
import dev.tripline.engine.RuleSpec;
import dev.tripline.event.Event;
import dev.tripline.workload.SeedRule;
import dev.tripline.workload.Workload;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained heap per pending partial match: N distinct stage-1 keys at one frozen event time, heap after GC with the
 * events alone, then with the engine holding them all pending; the difference over N is what the engine itself keeps
 * per partial (the events are the caller's). Cross-checked with JOL: the engine's object graph minus the events' graph,
 * over a smaller N. Run with {@code -Dbench.main=dev.tripline.bench.PartialHeap -Djmh.args="500000 50000"}.
 */
public final class PartialHeap {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int jolN = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;

        List<Event> events = Workload.stage1Events(5, n, 100_000);
        DetectionEngine engine = newEngine();
        long before = usedAfterGc();
        W1.run(engine, W1.batches(events, 1000), 0);
        long after = usedAfterGc();
        long pending = engine.counters(SeedRule.RULE_ID).orElseThrow().pending();
        System.out.printf("heap delta: %,d partials pending, %,d bytes, %.1f bytes per partial%n", pending,
                after - before, (double) (after - before) / pending);
        if (pending != n) {
            throw new IllegalStateException("expected " + n + " pending partials");
        }
        System.out.println("keeping " + engine.totals() + " and " + events.size() + " events alive");

        List<Event> small = Workload.stage1Events(6, jolN, 10_000);
        DetectionEngine jolEngine = newEngine();
        long engineAlone = GraphLayout.parseInstance(jolEngine).totalSize();
        W1.run(jolEngine, W1.batches(small, 1000), 0);
        long eventsOnly = GraphLayout.parseInstance(small).totalSize();
        long both = GraphLayout.parseInstance(jolEngine, small).totalSize();
        System.out.printf("JOL: %,d partials, engine graph grew by %,d bytes beyond the events: %.1f bytes per partial%n",
                jolN, both - eventsOnly - engineAlone, (double) (both - eventsOnly - engineAlone) / jolN);
        System.out.println(GraphLayout.parseInstance(jolEngine, small).subtract(GraphLayout.parseInstance(small))
                .subtract(GraphLayout.parseInstance(newEngine())).toFootprint().lines().limit(25)
                .reduce("", (a, b) -> a + b + "\n"));
        System.out.println(engine.totals().pendingKeys() + jolEngine.totals().pendingKeys());
    }

    private static DetectionEngine newEngine() {
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());
        engine.install(new RuleSpec(SeedRule.RULE_ID, 1, SeedRule.query()));
        return engine;
    }

    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
