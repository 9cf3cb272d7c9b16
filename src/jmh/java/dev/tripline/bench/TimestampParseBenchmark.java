package dev.tripline.bench;

import dev.tripline.event.Timestamps;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Every ingested event's {@code @timestamp} is parsed once; the JDK parser is the baseline it replaces. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TimestampParseBenchmark {

    @Param({"2026-11-27T10:00:00.123Z", "2026-11-27T10:00:00.1234567+02:00"})
    String text;

    @Benchmark
    public long tripline() {
        return Timestamps.parse(text);
    }

    @Benchmark
    public long jdkInstantParse() {
        return Timestamps.fromInstant(Instant.parse(text));
    }
}
