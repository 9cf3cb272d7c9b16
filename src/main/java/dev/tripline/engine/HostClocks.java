package dev.tripline.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;

/**
 * The newest event time committed per host: the reference for lateness. A clock moves only when a batch commits,
 * so a batch that rolls back leaves no trace and its retry is judged exactly as the first attempt was.
 */
final class HostClocks {

    /** A host nobody has committed for yet; far enough from Long.MIN_VALUE that subtracting lateness cannot wrap. */
    static final long NEVER = Long.MIN_VALUE / 4;

    static final class Clock {
        private final AtomicLong committed = new AtomicLong(NEVER);

        long committed() {
            return committed.get();
        }

        void advanceTo(long nanos) {
            long current = committed.get();
            while (nanos > current && !committed.compareAndSet(current, nanos)) {
                current = committed.get();
            }
        }
    }

    private final Cache<String, Clock> clocks;
    private final FieldPath hostField;
    private final AtomicLong newest = new AtomicLong(NEVER);

    HostClocks(FieldPath hostField, long maxHosts, Duration idleTimeout, LongSupplier wallClock) {
        this.hostField = hostField;
        this.clocks = Caffeine.newBuilder()
                .maximumSize(maxHosts)
                .expireAfterAccess(idleTimeout)
                .ticker(wallClock::getAsLong)
                .executor(Runnable::run)
                .build();
    }

    Clock of(Event event) {
        String host = hostOf(event);
        Clock clock = clocks.getIfPresent(host);
        return clock != null ? clock : clocks.get(host, h -> new Clock());
    }

    /** The clock of an event's host if one is known, else {@code null} (nothing committed for it, or forgotten). */
    Clock known(Event event) {
        return clocks.getIfPresent(hostOf(event));
    }

    private String hostOf(Event event) {
        JsonNode node = event.get(hostField);
        if (node == null) {
            return "";
        }
        if (node.isArray() && node.size() == 1) {
            node = node.get(0);
        }
        if (node.isString()) {
            return node.stringValue();
        }
        return node.isNull() || node.isContainer() ? "" : node.asString();
    }

    void committed(Clock clock, long nanos) {
        clock.advanceTo(nanos);
        long current = newest.get();
        while (nanos > current && !newest.compareAndSet(current, nanos)) {
            current = newest.get();
        }
    }

    /** The newest event time committed for any host. */
    long newest() {
        return newest.get();
    }
}
