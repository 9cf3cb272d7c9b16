package dev.tripline.bench;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineSettings;
import dev.tripline.engine.RuleSpec;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.event.Event;
import dev.tripline.event.EventRetention;
import dev.tripline.event.FieldRegistry;
import dev.tripline.event.RetainedBytes;
import dev.tripline.workload.SeedRule;
import dev.tripline.workload.Workload;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained heap per pending partial match: N distinct stage-1 keys at one frozen event time, heap after GC with the
 * events alone, then with the engine holding them all pending; the difference over N is what the engine keeps per
 * partial. Three figures, on compact events as ingest decodes them:
 * <ul>
 *   <li>{@code slabs}: the service's setting: each partial keeps a retained copy of its event (the event's JSON bytes
 *       in a shared slab, its time, key and host fingerprint), so that a pending partial never pins a request
 *       body;</li>
 *   <li>{@code retained}: the same copy with its bytes in an array of its own ({@link Event#retained()});</li>
 *   <li>{@code shared}: partials keep the caller's event itself: the engine's own structures alone.</li>
 * </ul>
 * Cross-checked with JOL over a smaller N: the engine's object graph minus the events' graph. Run with
 * {@code -Dbench.main=dev.tripline.bench.PartialHeap -Djmh.args="500000 50000"}.
 */
public final class PartialHeap {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int jolN = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        CompiledQuery rule = W1.compiledSeedRule();
        FieldRegistry fields = W1.fields(List.of(rule));
        System.out.println("java " + System.getProperty("java.version"));
        for (String mode : List.of("slabs", "retained", "shared")) {
            EventRetention retain = switch (mode) {
                case "slabs" -> new RetainedBytes();
                case "retained" -> Event::retained;
                default -> event -> event;
            };
            List<Event> events = W1.represent(Workload.stage1Events(5, n, 100_000), fields);
            DetectionEngine engine = newEngine(fields, retain, rule);
            long before = usedAfterGc();
            W1.run(engine, W1.batches(events, 1000), 0);
            long after = usedAfterGc();
            long pending = engine.counters(SeedRule.RULE_ID).orElseThrow().pending();
            if (pending != n) {
                throw new IllegalStateException("expected " + n + " pending partials, have " + pending);
            }
            System.out.printf("%s: heap delta over %,d pending partials: %,d bytes, %.1f bytes per partial%n", mode,
                    pending, after - before, (double) (after - before) / pending);

            List<Event> small = W1.represent(Workload.stage1Events(6, jolN, 10_000), fields);
            DetectionEngine jolEngine = newEngine(fields, retain, rule);
            long engineAlone = GraphLayout.parseInstance(jolEngine).totalSize();
            W1.run(jolEngine, W1.batches(small, 1000), 0);
            long eventsOnly = GraphLayout.parseInstance(small).totalSize();
            long both = GraphLayout.parseInstance(jolEngine, small).totalSize();
            System.out.printf("%s: JOL over %,d partials: the engine's graph grew by %,d bytes beyond the events: "
                    + "%.1f bytes per partial%n", mode, jolN, both - eventsOnly - engineAlone,
                    (double) (both - eventsOnly - engineAlone) / jolN);
            System.out.println(GraphLayout.parseInstance(jolEngine, small).subtract(GraphLayout.parseInstance(small))
                    .subtract(GraphLayout.parseInstance(newEngine(fields, retain, rule))).toFootprint().lines()
                    .limit(22).reduce("", (a, b) -> a + b + "\n"));
            System.out.println("(kept alive: " + engine.totals() + jolEngine.totals() + events.size() + small.size()
                    + ")");
        }
    }

    private static DetectionEngine newEngine(FieldRegistry fields, EventRetention retain, CompiledQuery rule) {
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults().withFields(fields).withRetain(retain));
        engine.install(new RuleSpec(SeedRule.RULE_ID, 1, rule));
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
