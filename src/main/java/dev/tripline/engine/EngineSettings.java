package dev.tripline.engine;

import dev.tripline.event.Event;
import dev.tripline.event.EventRetention;
import dev.tripline.event.FieldPath;
import dev.tripline.event.FieldRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * How a {@link DetectionEngine} bounds time and memory. Start from {@link #defaults()} and change what differs.
 *
 * @param allowedLateness how far behind the newest event time already committed for its host an event may arrive and
 *     still be evaluated as if it had arrived in order (default 30 s); later events are not evaluated and are reported
 * @param hostField the field that names an event's host, the unit of lateness (default {@code host.id}); events
 *     without it share one clock
 * @param maxPendingKeys the memory guard: at most this many (rule, join key) states are kept (default 1,000,000);
 *     the least recently used beyond it are evicted and counted
 * @param idleTimeout the second memory guard: a state not changed for this long by the wall clock is evicted and
 *     counted (default 1 h); event time decides maxspan expiry, this only bounds what never expires by event time
 * @param wallClock monotonic nanoseconds for {@code idleTimeout} only ({@link System#nanoTime} by default; tests move
 *     it by hand); engine logic never reads it
 * @param maxHosts at most this many host clocks are kept (default 1,000,000); a forgotten host starts afresh
 * @param lockStripes how many lock stripes guard the store (a power of two, default 65,536): batches on keys of
 *     different stripes never wait for each other
 * @param retain what a partial match keeps of an event (default the event itself), and where its sweep moves what it
 *     still keeps: {@link Event#retained()} keeps a compact event's own bytes, not the request body they came in; the
 *     service keeps them in {@link dev.tripline.event.RetainedBytes}' slabs, which the garbage collector never copies
 * @param fields where the engine registers every field an installed rule reads (its conditions, join keys, category
 *     field, exclusion) and the host field, so that decoders extract them; {@code null}: none (tree events)
 * @param sweeps where the sweep runs that a commit finds due (once per minute of event time, see
 *     {@link DetectionEngine#sweep()}): by default on the committing thread itself, before {@code commit()} returns;
 *     a service gives it a thread of its own, since a sweep visits every pending key (1.1-1.5 s in the service's W1
 *     load test) and the batch that happened to be due would wait for it. An executor that refuses the task (shut
 *     down, or busy with a sweep already) costs nothing: the next commit that finds one due asks again
 * @param sweepShare how much of one core a sweep may take while it runs, in (0, 1] (default 1: it runs flat out). Below
 *     1 it works in slices of about a millisecond and rests between them, the rest being its work so far times
 *     {@code 1 / share - 1}, so that on a machine with few cores a sweep does not take a core from the batches for a
 *     second or more; a rollback waits for at most one slice
 */
public record EngineSettings(Duration allowedLateness, FieldPath hostField, long maxPendingKeys, Duration idleTimeout,
        LongSupplier wallClock, long maxHosts, int lockStripes, EventRetention retain, FieldRegistry fields,
        Executor sweeps, double sweepShare) {

    public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_PENDING_KEYS = 1_000_000;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(1);

    public EngineSettings {
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        Objects.requireNonNull(hostField, "hostField");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(retain, "retain");
        Objects.requireNonNull(sweeps, "sweeps");
        requireArgument(!allowedLateness.isNegative(), "allowed lateness must not be negative, was %s", allowedLateness);
        requireArgument(maxPendingKeys > 0, "max pending keys must be positive, was %s", maxPendingKeys);
        requireArgument(idleTimeout.compareTo(Duration.ZERO) > 0, "idle timeout must be positive, was %s", idleTimeout);
        requireArgument(maxHosts > 0, "max hosts must be positive, was %s", maxHosts);
        requireArgument(lockStripes > 0 && Integer.bitCount(lockStripes) == 1,
                "lock stripes must be a positive power of two, was %s", lockStripes);
        requireArgument(sweepShare > 0 && sweepShare <= 1, "the sweep's share must be in (0, 1], was %s", sweepShare);
    }

    public static EngineSettings defaults() {
        return new EngineSettings(DEFAULT_ALLOWED_LATENESS, FieldPath.of("host.id"), DEFAULT_MAX_PENDING_KEYS,
                DEFAULT_IDLE_TIMEOUT, System::nanoTime, 1_000_000, 1 << 16, event -> event, null, Runnable::run, 1.0);
    }

    public EngineSettings withAllowedLateness(Duration lateness) {
        return new EngineSettings(lateness, hostField, maxPendingKeys, idleTimeout, wallClock, maxHosts, lockStripes,
                retain, fields, sweeps, sweepShare);
    }

    public EngineSettings withHostField(FieldPath field) {
        return new EngineSettings(allowedLateness, field, maxPendingKeys, idleTimeout, wallClock, maxHosts, lockStripes,
                retain, fields, sweeps, sweepShare);
    }

    public EngineSettings withMaxPendingKeys(long max) {
        return new EngineSettings(allowedLateness, hostField, max, idleTimeout, wallClock, maxHosts, lockStripes,
                retain, fields, sweeps, sweepShare);
    }

    public EngineSettings withIdleTimeout(Duration timeout, LongSupplier clock) {
        return new EngineSettings(allowedLateness, hostField, maxPendingKeys, timeout, clock, maxHosts, lockStripes,
                retain, fields, sweeps, sweepShare);
    }

    public EngineSettings withMaxHosts(long max) {
        return new EngineSettings(allowedLateness, hostField, maxPendingKeys, idleTimeout, wallClock, max, lockStripes,
                retain, fields, sweeps, sweepShare);
    }

    public EngineSettings withLockStripes(int stripes) {
        return new EngineSettings(allowedLateness, hostField, maxPendingKeys, idleTimeout, wallClock, maxHosts, stripes,
                retain, fields, sweeps, sweepShare);
    }

    public EngineSettings withRetain(EventRetention retainer) {
        return new EngineSettings(allowedLateness, hostField, maxPendingKeys, idleTimeout, wallClock, maxHosts,
                lockStripes, retainer, fields, sweeps, sweepShare);
    }

    /** Registers the fields of installed rules in {@code registry} (and the host field now). */
    public EngineSettings withFields(FieldRegistry registry) {
        return new EngineSettings(allowedLateness, hostField, maxPendingKeys, idleTimeout, wallClock, maxHosts,
                lockStripes, retain, registry, sweeps, sweepShare);
    }

    public EngineSettings withSweeps(Executor executor) {
        return new EngineSettings(allowedLateness, hostField, maxPendingKeys, idleTimeout, wallClock, maxHosts,
                lockStripes, retain, fields, executor, sweepShare);
    }

    public EngineSettings withSweepShare(double share) {
        return new EngineSettings(allowedLateness, hostField, maxPendingKeys, idleTimeout, wallClock, maxHosts,
                lockStripes, retain, fields, sweeps, share);
    }

    long allowedLatenessNanos() {
        return allowedLateness.toNanos();
    }

    static void requireArgument(boolean condition, String message, Object value) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(message, value));
        }
    }
}
