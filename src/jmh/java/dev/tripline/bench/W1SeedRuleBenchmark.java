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
 * W1 (2 million pre-decoded events) through the engine with the seed rule, on one thread, in batches of 1,000
 * committed one after the other. One operation is one event: the score is nanoseconds per event, {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} bytes allocated per event. Every invocation checks the 20,000 alerts of the oracle.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(2_000_000)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 3, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
public class W1SeedRuleBenchmark {

    @Param({"1000"})
    int batchSize;

    /**
     * {@code hand}: the seed rule's stages written as Java predicates ({@link SeedRule}); {@code compiled}: the rule's
     * query as the service ships it (its TOML in the main resources), compiled by the EQL compiler
     */
    @Param({"hand"})
    String rule;

    /** 1 = W1 itself; 10 = a tenth of its events over the same 20 s (for quick looks, not for the record) */
    @Param({"1"})
    int scaledDown;

    /** {@code compact}: decoded from JSON batches as ingest does (the service's representation); {@code tree} */
    @Param({"compact"})
    String events;

    private Workload workload;
    private List<List<Event>> batches;
    private DetectionEngine engine;
    private CompiledQuery query;
    private FieldRegistry fields;

    @Setup(Level.Trial)
    public void generate() {
        query = rule.equals("hand") ? SeedRule.query() : W1.compiledSeedRule();
        fields = W1.compact(events) ? W1.fields(List.of(query)) : null;
        workload = W1.get(scaledDown == 1 ? Workload.W1 : Workload.W1.scaledDown(scaledDown), fields);
        batches = W1.batches(workload.events(), batchSize);
    }

    @Setup(Level.Invocation)
    public void freshEngine() {
        engine = new DetectionEngine(W1.settings(fields));
        engine.install(new RuleSpec(SeedRule.RULE_ID, 1, query));
    }

    @Benchmark
    public int seedRuleOnW1() {
        return W1.run(engine, batches, workload.expectedAlerts());
    }
}
