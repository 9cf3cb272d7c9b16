package dev.tripline.bench;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineSettings;
import dev.tripline.engine.RuleSpec;
import dev.tripline.event.Event;
import dev.tripline.workload.SeedRule;
import dev.tripline.workload.Workload;
import java.util.List;

/** A plain loop over a scaled-down W1 for profilers (JFR): {@code -Dbench.main=dev.tripline.bench.ProfileW1}. */
public final class ProfileW1 {

    public static void main(String[] args) {
        int divisor = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        boolean noRule = args.length > 2 && args[2].equals("norule");
        if (args.length > 2 && args[2].equals("noise")) {
            List<Event> noise = Workload.noiseEvents(3, 1000, 500);
            DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());
            engine.install(new RuleSpec(SeedRule.RULE_ID, 1, SeedRule.query()));
            for (int r = 0; r < rounds; r++) {
                long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                for (int k = 0; k < 2000; k++) {
                    W1.run(engine, List.of(noise), 0);
                }
                long cpuNanos = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu;
                System.out.printf("noise round %d: %.1f ns/event cpu%n", r, cpuNanos / 2_000_000.0);
            }
            return;
        }
        Workload workload = Workload.generate(divisor == 1 ? Workload.W1 : Workload.W1.scaledDown(divisor));
        if (args.length > 2 && args[2].equals("scan")) {
            dev.tripline.event.FieldPath host = dev.tripline.event.FieldPath.of("host.id");
            dev.tripline.event.FieldPath category = dev.tripline.event.FieldPath.of("event.category");
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                long sum = 0;
                List<Event> scanned = Boolean.getBoolean("hot") ? workload.events().subList(0, 1000) : workload.events();
                int repeat = workload.events().size() / scanned.size();
                for (int k = 0; k < repeat; k++) {
                    for (Event e : scanned) {
                        sum += e.get(host).stringValue().length() + e.get(category).size();
                    }
                }
                long nanos = System.nanoTime() - start;
                long cpuNanos = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu;
                System.out.printf("scan round %d: %.1f ns/event wall, %.1f cpu (%d)%n", r,
                        (double) nanos / workload.events().size(), (double) cpuNanos / workload.events().size(), sum);
            }
            return;
        }
        List<List<Event>> batches = W1.batches(workload.events(), 1000);
        for (int r = 0; r < rounds; r++) {
            DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());
            if (!noRule) {
                engine.install(new RuleSpec(SeedRule.RULE_ID, 1, SeedRule.query()));
            }
            long start = System.nanoTime();
            long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            W1.run(engine, batches, noRule ? 0 : workload.expectedAlerts());
            long nanos = System.nanoTime() - start;
            long cpuNanos = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu;
            System.out.printf("round %d: %.1f ns/event wall (%.2f M events/s), %.1f ns/event cpu (%.2f M/s)%n", r,
                    (double) nanos / workload.events().size(), workload.events().size() * 1e3 / nanos,
                    (double) cpuNanos / workload.events().size(), workload.events().size() * 1e3 / cpuNanos);
        }
    }
}
