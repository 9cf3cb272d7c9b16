package dev.tripline.engine;

import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import tools.jackson.databind.JsonNode;

/**
 * The newest event time committed per host: the reference for lateness. A clock moves only when a batch commits,
 * so a batch that rolls back leaves no trace and its retry is judged exactly as the first attempt was.
 *
 * <p>Every event looks its host up, so this is a plain concurrent map rather than a cache with access bookkeeping.
 * It is bounded all the same: past {@code maxHosts} the hosts with the oldest clocks are forgotten (a forgotten
 * host starts afresh; a key whose history no longer accepts an event still refuses it, see {@link KeyState}).
 */
final class HostClocks {

    /** A host nobody has committed for yet; far enough from Long.MIN_VALUE that subtracting lateness cannot wrap. */
    static final long NEVER = Long.MIN_VALUE / 4;

    /** One host's clock: a single small object, as every event reads one and its batch's commit writes it. */
    static final class Clock {
        private static final AtomicLongFieldUpdater<Clock> COMMITTED =
                AtomicLongFieldUpdater.newUpdater(Clock.class, "committed");

        private volatile long committed = NEVER;

        long committed() {
            return committed;
        }

        void advanceTo(long nanos) {
            long current = committed;
            while (nanos > current && !COMMITTED.compareAndSet(this, current, nanos)) {
                current = committed;
            }
        }
    }

    private final Map<String, Clock> clocks = new ConcurrentHashMap<>();
    private final FieldPath hostField;
    private final long maxHosts;
    private final AtomicLong newest = new AtomicLong(NEVER);
    private final AtomicBoolean trimming = new AtomicBoolean();

    HostClocks(FieldPath hostField, long maxHosts) {
        this.hostField = hostField;
        this.maxHosts = maxHosts;
    }

    Clock of(Event event) {
        String host = hostOf(event);
        Clock clock = clocks.get(host);
        if (clock == null) {
            clock = clocks.computeIfAbsent(host, h -> new Clock());
            if (clocks.size() > maxHosts) {
                trim();
            }
        }
        return clock;
    }

    /** The clock of an event's host if one is known, else {@code null} (nothing committed for it, or forgotten). */
    Clock known(Event event) {
        return clocks.get(hostOf(event));
    }

    int size() {
        return clocks.size();
    }

    /**
     * Forgets the tenth of the hosts whose clocks are oldest, once the map has grown past its bound. A host whose first
     * batch has not committed yet is kept: its batch holds its clock (it used to be forgotten first, as the oldest).
     */
    private void trim() {
        if (!trimming.compareAndSet(false, true)) {
            return;
        }
        try {
            List<Map.Entry<String, Clock>> entries = new ArrayList<>(clocks.entrySet());
            if (entries.size() <= maxHosts) {
                return;
            }
            entries.sort((a, b) -> Long.compare(age(a.getValue()), age(b.getValue())));
            long keep = maxHosts - maxHosts / 10;
            for (int i = 0; i < entries.size() - keep; i++) {
                clocks.remove(entries.get(i).getKey(), entries.get(i).getValue());
            }
        } finally {
            trimming.set(false);
        }
    }

    /** What trimming orders clocks by: a host new since the last commit counts as the newest, not the oldest. */
    private static long age(Clock clock) {
        long committed = clock.committed();
        return committed == NEVER ? Long.MAX_VALUE : committed;
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
    }

    /** Records the newest event time a committed batch held, once per batch. */
    void committedNewest(long nanos) {
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
