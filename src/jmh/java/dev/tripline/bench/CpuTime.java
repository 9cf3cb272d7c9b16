package dev.tripline.bench;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineSettings;
import dev.tripline.engine.RuleSpec;
import dev.tripline.event.Event;
import dev.tripline.workload.SeedRule;
import dev.tripline.workload.Workload;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The same runs as the JMH benchmarks, timed by the thread's CPU time rather than the wall clock: on a machine whose
 * two cores are shared with other builds, the wall clock measures the queue for the CPU as much as the engine. Each
 * configuration runs several times, interleaved, after warm-up rounds; the median is reported. Run with
 * {@code -Dbench.main=dev.tripline.bench.CpuTime -Djmh.args="w1|esper|live|linux"}.
 */
public final class CpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "w1";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        switch (what) {
            case "w1" -> w1(rounds);
            case "live" -> live(rounds);
            case "esper" -> esper(rounds);
            case "linux" -> linux(rounds, args.length > 2 ? Integer.parseInt(args[2]) : 1);
            default -> throw new IllegalArgumentException(what);
        }
    }

    private static void w1(int rounds) {
        Workload workload = W1.get(Workload.W1);
        List<List<Event>> batches = W1.batches(workload.events(), 1000);
        long[] cpu = new long[rounds];
        for (int r = -2; r < rounds; r++) {
            DetectionEngine engine = seedEngine(EngineSettings.defaults());
            long start = THREADS.getCurrentThreadCpuTime();
            W1.run(engine, batches, workload.expectedAlerts());
            long used = THREADS.getCurrentThreadCpuTime() - start;
            System.out.printf("W1 round %d: %.0f ns/event CPU%n", r, (double) used / workload.events().size());
            if (r >= 0) {
                cpu[r] = used;
            }
        }
        Arrays.sort(cpu);
        double median = (double) cpu[rounds / 2] / workload.events().size();
        System.out.printf("W1 seed rule, median of %d: %.0f ns/event CPU = %.2f M events/s per core%n", rounds, median,
                1e3 / median);
    }

    private static void linux(int rounds, int scaledDown) {
        CorpusRules.Loaded loaded;
        try {
            loaded = CorpusRules.load(CorpusRules.folder());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Workload workload = W1.get(scaledDown == 1 ? Workload.W1 : Workload.W1.scaledDown(scaledDown));
        List<List<Event>> batches = W1.batches(workload.events(), 1000);
        long[] cpu = new long[rounds];
        for (int r = -1; r < rounds; r++) {
            DetectionEngine engine = new DetectionEngine(EngineSettings.defaults()
                    .withMaxPendingKeys(LinuxRulesBenchmark.MAX_PENDING_KEYS));
            List<String> refused = CorpusRules.install(engine, loaded.rules());
            long start = THREADS.getCurrentThreadCpuTime();
            long alerts = 0;
            for (List<Event> batch : batches) {
                try (var result = engine.evaluate(batch)) {
                    alerts += result.matches().size();
                    result.commit();
                }
            }
            long used = THREADS.getCurrentThreadCpuTime() - start;
            long seed = engine.counters(SeedRule.RULE_ID).orElseThrow().matches();
            if (seed != workload.expectedAlerts()) {
                throw new IllegalStateException("seed rule raised " + seed + " alerts");
            }
            System.out.printf("%d rules (%d refused), round %d: %.0f ns/event CPU, %d alerts (seed rule %d), "
                    + "%d keys pending%n", engine.installedRuleIds().size(), refused.size(), r,
                    (double) used / workload.events().size(), alerts, seed, engine.totals().pendingKeys());
            if (r >= 0) {
                cpu[r] = used;
            }
        }
        Arrays.sort(cpu);
        double median = (double) cpu[rounds / 2] / workload.events().size();
        System.out.printf("all corpus rules, median of %d: %.0f ns/event CPU = %.3f M events/s per core%n", rounds,
                median, 1e3 / median);
    }

    private static void esper(int rounds) {
        Workload workload = W1.get(Workload.W1);
        long[] cpu = new long[rounds];
        for (int r = -2; r < rounds; r++) {
            EsperPeer peer = new EsperPeer();
            long start = THREADS.getCurrentThreadCpuTime();
            int alerts = peer.run(workload.events());
            long used = THREADS.getCurrentThreadCpuTime() - start;
            peer.destroy();
            if (alerts != workload.expectedAlerts()) {
                throw new IllegalStateException("Esper raised " + alerts + " alerts");
            }
            System.out.printf("Esper W1 round %d: %.0f ns/event CPU%n", r, (double) used / workload.events().size());
            if (r >= 0) {
                cpu[r] = used;
            }
        }
        Arrays.sort(cpu);
        double median = (double) cpu[rounds / 2] / workload.events().size();
        System.out.printf("Esper W1, median of %d: %.0f ns/event CPU = %.2f M events/s per core%n", rounds, median,
                1e3 / median);
    }

    private static void live(int rounds) {
        Workload workload = W1.get(Workload.W1.scaledDown(10));
        List<List<Event>> batches = W1.batches(workload.events(), 1000);
        int[] sizes = {1_000, 1_000_000};
        List<List<List<Event>>> preloads = new ArrayList<>();
        for (int size : sizes) {
            preloads.add(W1.batches(Workload.stage1Events(11, size, 1000), 1000));
        }
        long[][] cpu = new long[sizes.length][rounds];
        for (int r = -2; r < rounds; r++) {
            for (int s = 0; s < sizes.length; s++) {
                DetectionEngine engine = seedEngine(EngineSettings.defaults().withMaxPendingKeys(2_000_000));
                W1.run(engine, preloads.get(s), 0);
                System.gc();
                long start = THREADS.getCurrentThreadCpuTime();
                W1.run(engine, batches, workload.expectedAlerts());
                long used = THREADS.getCurrentThreadCpuTime() - start;
                System.out.printf("live %,d round %d: %.0f ns/event CPU%n", sizes[s], r,
                        (double) used / workload.events().size());
                if (r >= 0) {
                    cpu[s][r] = used;
                }
            }
        }
        for (int s = 0; s < sizes.length; s++) {
            Arrays.sort(cpu[s]);
            System.out.printf("%,d live partials: median %.0f ns/event CPU%n", sizes[s],
                    (double) cpu[s][rounds / 2] / workload.events().size());
        }
    }

    private static DetectionEngine seedEngine(EngineSettings settings) {
        DetectionEngine engine = new DetectionEngine(settings);
        engine.install(new RuleSpec(SeedRule.RULE_ID, 1, SeedRule.query()));
        return engine;
    }
}
