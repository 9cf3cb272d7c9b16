package dev.tripline.bench;

import dev.tripline.eql.CompileOptions;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.Eql;
import dev.tripline.eql.EventPredicate;
import dev.tripline.eql.SeedRule;
import dev.tripline.event.CompactEvents;
import dev.tripline.event.Event;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import tools.jackson.databind.node.ObjectNode;

/**
 * The seed rule's stage predicates timed by the thread's CPU time instead of the wall clock: on a machine shared
 * with other builds a thread is often descheduled, which inflates JMH's wall-clock averages but not CPU time. Each
 * case runs in rounds of one million evaluations, on tree events (a fresh Event each, as in {@link SeedRuleBenchmark},
 * so that no field lookup is cached) and on compact events as ingest decodes them; the best
 * round is reported, in CPU nanoseconds per evaluation. Run:
 * {@code ./mvnw -B -q -Pbench test-compile exec:exec -Dbench.main=dev.tripline.bench.SeedRuleCpuTime -Djmh.args=15}
 * (the argument is the number of rounds).
 */
public final class SeedRuleCpuTime {

    private static volatile int sink;

    private SeedRuleCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        CompiledQuery rule = Eql.compile(SeedRule.QUERY, CompileOptions.DEFAULTS);
        EventPredicate stage1 = rule.stages().get(0).condition();
        EventPredicate stage2 = rule.stages().get(1).condition();
        EventPredicate stage3 = rule.stages().get(2).condition();
        Map<String, Event> events = new LinkedHashMap<>();
        events.put("benignExec", SeedRule.benignExec());
        events.put("nearMissExec", SeedRule.nearMissExec());
        events.put("stage1", SeedRule.stage1());
        events.put("stage3", SeedRule.stage3());
        Map<String, ToIntFunction<Event>> cases = new LinkedHashMap<>();
        cases.put("baseline", e -> 0);
        cases.put("stage1", e -> stage1.test(e) ? 1 : 0);
        cases.put("stage3", e -> stage3.test(e) ? 1 : 0);
        cases.put("processStages", e -> (stage1.test(e) ? 1 : 0) + (stage3.test(e) ? 2 : 0));
        cases.put("allStages", e -> (stage1.test(e) ? 1 : 0) + (stage2.test(e) ? 2 : 0) + (stage3.test(e) ? 4 : 0));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("java %s, CPU ns per evaluation (best of %d rounds of 1M)%n",
                System.getProperty("java.version"), rounds);
        System.out.printf("%-20s %10s %10s %10s %14s %10s%n", "event", "baseline", "stage1", "stage3",
                "processStages", "allStages");
        for (Map.Entry<String, Event> event : events.entrySet()) {
            ObjectNode document = event.getValue().document();
            long timestamp = event.getValue().timestampNanos();
            run("tree " + event.getKey(), cases, rounds, threads, () -> Event.of(document, timestamp));
        }
        // the service's representation: decoded once from JSON with the rule's fields in slots (immutable, so one
        // event serves every evaluation)
        for (Map.Entry<String, Event> event : events.entrySet()) {
            Event compact = CompactEvents.of(event.getValue(), rule.fields());
            run("compact " + event.getKey(), cases, rounds, threads, () -> compact);
        }
    }

    private static void run(String name, Map<String, ToIntFunction<Event>> cases, int rounds, ThreadMXBean threads,
            Supplier<Event> events) {
        StringBuilder line = new StringBuilder(String.format("%-20s", name));
        for (Map.Entry<String, ToIntFunction<Event>> c : cases.entrySet()) {
            ToIntFunction<Event> body = c.getValue();
            double best = Double.MAX_VALUE;
            for (int round = 0; round < rounds; round++) {
                long start = threads.getCurrentThreadCpuTime();
                int hits = 0;
                for (int i = 0; i < 1_000_000; i++) {
                    hits += body.applyAsInt(events.get());
                }
                long spent = threads.getCurrentThreadCpuTime() - start;
                sink = hits;
                best = Math.min(best, spent / 1_000_000.0);
            }
            line.append(String.format(c.getKey().equals("processStages") ? " %14.1f" : " %10.1f", best));
        }
        System.out.println(line);
    }
}
