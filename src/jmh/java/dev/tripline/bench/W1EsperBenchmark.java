package dev.tripline.bench;

import dev.tripline.event.Event;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** The Esper peer ({@link EsperPeer}) over W1, scored like {@link W1SeedRuleBenchmark}: nanoseconds per event. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(2_000_000)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 3, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
public class W1EsperBenchmark {

    @Param({"1"})
    int scaledDown;

    private Workload workload;
    private List<Event> events;
    private EsperPeer peer;

    @Setup(Level.Trial)
    public void generate() {
        workload = W1.get(scaledDown == 1 ? Workload.W1 : Workload.W1.scaledDown(scaledDown));
        events = workload.events();
    }

    @Setup(Level.Invocation)
    public void freshRuntime() {
        peer = new EsperPeer();
    }

    @TearDown(Level.Invocation)
    public void destroy() {
        peer.destroy();
    }

    @Benchmark
    public int esperOnW1() {
        int alerts = peer.run(events);
        if (alerts != workload.expectedAlerts()) {
            throw new IllegalStateException("expected " + workload.expectedAlerts() + " alerts, Esper raised " + alerts);
        }
        return alerts;
    }
}
