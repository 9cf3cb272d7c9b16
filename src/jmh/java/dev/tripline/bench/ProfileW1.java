package dev.tripline.bench;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.RuleSpec;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import dev.tripline.event.FieldRegistry;
import dev.tripline.workload.SeedRule;
import dev.tripline.workload.Workload;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * A plain loop over a scaled-down W1 for profilers (JFR): {@code -Dbench.main=dev.tripline.bench.ProfileW1
 * -Djmh.args="divisor rounds [compact|tree] [engine|norule|scan|noise]"}.
 */
public final class ProfileW1 {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int divisor = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        boolean compact = W1.compact(args.length > 2 ? args[2] : "compact");
        String mode = args.length > 3 ? args[3] : "engine";
        CompiledQuery rule = W1.compiledSeedRule();
        FieldRegistry fields = compact ? W1.fields(List.of(rule)) : null;
        if (mode.equals("noise")) {
            List<Event> noise = W1.represent(Workload.noiseEvents(3, 1000, 500), fields);
            DetectionEngine engine = new DetectionEngine(W1.settings(fields));
            engine.install(new RuleSpec(SeedRule.RULE_ID, 1, rule));
            for (int r = 0; r < rounds; r++) {
                long cpu = THREADS.getCurrentThreadCpuTime();
                for (int k = 0; k < 2000; k++) {
                    W1.run(engine, List.of(noise), 0);
                }
                System.out.printf("noise round %d: %.1f ns/event cpu%n", r,
                        (THREADS.getCurrentThreadCpuTime() - cpu) / 2_000_000.0);
            }
            return;
        }
        Workload workload = W1.get(divisor == 1 ? Workload.W1 : Workload.W1.scaledDown(divisor), fields);
        List<Event> events = workload.events();
        if (mode.equals("scan")) {
            FieldPath host = FieldPath.of("host.id");
            FieldPath category = FieldPath.of("event.category");
            for (int r = 0; r < rounds; r++) {
                long cpu = THREADS.getCurrentThreadCpuTime();
                long sum = 0;
                for (Event e : events) {
                    sum += e.get(host).stringValue().hashCode() + e.get(category).size();
                }
                System.out.printf("scan round %d: %.1f ns/event cpu (%d)%n", r,
                        (double) (THREADS.getCurrentThreadCpuTime() - cpu) / events.size(), sum);
            }
            return;
        }
        List<List<Event>> batches = W1.batches(events, 1000);
        boolean noRule = mode.equals("norule");
        for (int r = 0; r < rounds; r++) {
            DetectionEngine engine = new DetectionEngine(W1.settings(fields));
            if (!noRule) {
                engine.install(new RuleSpec(SeedRule.RULE_ID, 1, rule));
            }
            long cpu = THREADS.getCurrentThreadCpuTime();
            W1.run(engine, batches, noRule ? 0 : workload.expectedAlerts());
            long cpuNanos = THREADS.getCurrentThreadCpuTime() - cpu;
            System.out.printf("round %d: %.1f ns/event cpu (%.2f M/s)%n", r, (double) cpuNanos / events.size(),
                    events.size() * 1e3 / cpuNanos);
        }
    }
}
