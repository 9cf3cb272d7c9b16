package dev.tripline.bench;

import dev.tripline.eql.CompileOptions;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.Eql;
import dev.tripline.eql.EventPredicate;
import dev.tripline.eql.SeedRule;
import dev.tripline.event.Event;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The seed rule's compiled stage predicates on Elastic Defend-shaped events, as the engine calls them: the engine
 * dispatches by category, then tests a stage's condition once per event. {@code processStages} is what a process
 * event costs (stages 1 and 3), {@code allStages} the three conditions together.
 *
 * <p>Each invocation wraps the parsed document in a new {@link Event}, as ingestion does once per event, so that
 * nothing the event may learn about itself carries over between invocations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class SeedRuleBenchmark {

    @Param({"benignExec", "nearMissExec", "stage1", "stage3", "benignNetwork", "stage2"})
    String event;

    /**
     * {@code interned}: the document is parsed with Jackson's INTERN_PROPERTY_NAMES, so its keys are the same
     * String instances as the compiled field paths' segments and every map lookup compares by identity.
     */
    @Param({"plain", "interned"})
    String names;

    private Event parsed;
    private EventPredicate stage1;
    private EventPredicate stage2;
    private EventPredicate stage3;

    @Setup(Level.Trial)
    public void compile() {
        CompiledQuery rule = Eql.compile(SeedRule.QUERY, CompileOptions.DEFAULTS);
        stage1 = rule.stages().get(0).condition();
        stage2 = rule.stages().get(1).condition();
        stage3 = rule.stages().get(2).condition();
        parsed = switch (event) {
            case "benignExec" -> SeedRule.benignExec();
            case "nearMissExec" -> SeedRule.nearMissExec();
            case "stage1" -> SeedRule.stage1();
            case "stage3" -> SeedRule.stage3();
            case "benignNetwork" -> SeedRule.benignNetwork();
            case "stage2" -> SeedRule.stage2();
            default -> throw new IllegalArgumentException(event);
        };
        if ("interned".equals(names)) {
            JsonMapper interning = JsonMapper.builder(JsonFactory.builder()
                    .enable(TokenStreamFactory.Feature.INTERN_PROPERTY_NAMES).build()).build();
            parsed = Event.of((ObjectNode) interning.readTree(parsed.document().toString()), parsed.timestampNanos());
        }
    }

    private Event fresh() {
        return Event.of(parsed.document(), parsed.timestampNanos());
    }

    /** The cost of the fresh event alone, to subtract from the others. */
    @Benchmark
    public Event baseline() {
        return fresh();
    }

    @Benchmark
    public boolean stage1() {
        return stage1.test(fresh());
    }

    @Benchmark
    public boolean stage2() {
        return stage2.test(fresh());
    }

    @Benchmark
    public boolean stage3() {
        return stage3.test(fresh());
    }

    @Benchmark
    public int processStages() {
        Event subject = fresh();
        return (stage1.test(subject) ? 1 : 0) + (stage3.test(subject) ? 2 : 0);
    }

    @Benchmark
    public int allStages() {
        Event subject = fresh();
        return (stage1.test(subject) ? 1 : 0) + (stage2.test(subject) ? 2 : 0) + (stage3.test(subject) ? 4 : 0);
    }
}
