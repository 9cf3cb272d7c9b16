package dev.tripline.bench;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.RuleSpec;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.event.Event;
import dev.tripline.event.FieldRegistry;
import dev.tripline.workload.SeedRule;
import dev.tripline.workload.Workload;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-event cost with 1,000 versus 1,000,000 live partial matches: the store is first filled with that many
 * pending stage-1 partials (distinct keys), then a tenth of W1 (200,000 events over the same 20 s, 2,000 expected
 * alerts) runs through it with the compiled seed rule. The cost should not depend on how many partials are pending.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(200_000)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 3, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
public class LivePartialsBenchmark {

    @Param({"1000", "1000000"})
    int live;

    @Param({"compact"})
    String events;

    private Workload workload;
    private List<List<Event>> batches;
    private List<List<Event>> preload;
    private DetectionEngine engine;
    private CompiledQuery rule;
    private FieldRegistry fields;

    @Setup(Level.Trial)
    public void generate() {
        rule = W1.compiledSeedRule();
        fields = W1.compact(events) ? W1.fields(List.of(rule)) : null;
        workload = W1.get(Workload.W1.scaledDown(10), fields);
        batches = W1.batches(workload.events(), 1000);
        preload = W1.batches(represent(Workload.stage1Events(11, live, 1000), fields), 1000);
    }

    static List<Event> represent(List<Event> trees, FieldRegistry fields) {
        return W1.represent(trees, fields);
    }

    @Setup(Level.Invocation)
    public void fill() {
        engine = new DetectionEngine(W1.settings(fields).withMaxPendingKeys(2_000_000));
        engine.install(new RuleSpec(SeedRule.RULE_ID, 1, rule));
        W1.run(engine, preload, 0);
        if (engine.totals().pendingKeys() != live) {
            throw new IllegalStateException("expected " + live + " live partials, have " + engine.totals().pendingKeys());
        }
    }

    @Benchmark
    public int tenthOfW1() {
        return W1.run(engine, batches, workload.expectedAlerts());
    }
}
