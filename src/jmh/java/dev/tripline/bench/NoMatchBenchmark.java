package dev.tripline.bench;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineBatch;
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
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A batch of 1,000 W1 noise events, compact as ingest decodes them, (process, network and file events, near misses included: every stage condition
 * they meet fails) through the engine with the compiled seed rule, batch after batch. One operation is one event; with
 * {@code -prof gc}, {@code gc.alloc.rate.norm} shows what an event that matches no stage allocates (the batch's own
 * objects, shared by its 1,000 events, are all there is). The events stay in cache, so this is also the hot-path
 * cost per event without the cache misses of walking cold trees.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(1000)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xmx1g"})
public class NoMatchBenchmark {

    private List<Event> noise;
    private DetectionEngine engine;

    @Setup
    public void setUp() {
        CompiledQuery query = W1.compiledSeedRule();
        FieldRegistry fields = W1.fields(List.of(query));
        noise = W1.represent(Workload.noiseEvents(3, 1000, 500), fields);
        engine = new DetectionEngine(W1.settings(fields));
        engine.install(new RuleSpec(SeedRule.RULE_ID, 1, query));
    }

    @Benchmark
    public int noiseBatch() {
        try (EngineBatch batch = engine.evaluate(noise)) {
            batch.commit();
            if (!batch.matches().isEmpty()) {
                throw new IllegalStateException("noise matched");
            }
            return batch.lateEventIndexes().size();
        }
    }
}
