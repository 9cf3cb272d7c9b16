package dev.tripline.engine;

import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import dev.tripline.event.KeyFingerprint;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * The newest event time committed per host: the reference for lateness. A clock moves only when a batch commits,
 * so a batch that rolls back leaves no trace and its retry is judged exactly as the first attempt was.
 *
 * <p>Every event looks its host up, so the index is a flat open-addressing table of clocks filed by their host's
 * 128-bit {@link KeyFingerprint} (kept in the clock): a lookup reads one table slot and one clock, where a map of
 * strings read a table slot, a node, the key string and its bytes, then the clock, each a cache miss over a hundred
 * thousand hosts. Lookups take no lock. Adding a host, growing the table and trimming it happen under one lock, and
 * each publishes a table that holds every clock it should (a lookup that raced with them and missed takes the lock
 * and looks again), so no host ever gets two clocks. Two hosts would share one only if their 128-bit fingerprints
 * agreed (see {@link KeyFingerprint}).
 *
 * <p>It is bounded: past {@code maxHosts} the hosts with the oldest clocks are forgotten (a forgotten host starts
 * afresh; a key whose history no longer accepts an event still refuses it, see {@link KeyState}).
 */
final class HostClocks {

    /** A host nobody has committed for yet; far enough from Long.MIN_VALUE that subtracting lateness cannot wrap. */
    static final long NEVER = Long.MIN_VALUE / 4;

    private static final int INITIAL_CAPACITY = 1 << 10;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Clock[].class);

    /** One host's clock: a single small object, as every event reads one and its batch's commit writes it. */
    static final class Clock {
        private static final AtomicLongFieldUpdater<Clock> COMMITTED =
                AtomicLongFieldUpdater.newUpdater(Clock.class, "committed");

        /** the host's fingerprint; final, so a clock read from a table without a lock is seen whole */
        private final long first;
        private final long second;
        private volatile long committed = NEVER;

        private Clock(long first, long second) {
            this.first = first;
            this.second = second;
        }

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

    private final FieldPath hostField;
    private final long maxHosts;
    private final AtomicLong newest = new AtomicLong(NEVER);
    private final Object lock = new Object();
    /** the clocks, by {@code first & (length - 1)} then the next slots; at most half full; replaced, never shrunk */
    private volatile Clock[] table = new Clock[INITIAL_CAPACITY];
    /** guarded by {@link #lock} */
    private int size;

    HostClocks(FieldPath hostField, long maxHosts) {
        this.hostField = hostField;
        this.maxHosts = maxHosts;
    }

    Clock of(Event event) {
        if (event.isPartitionedBy(hostField)) {
            // the decoder fingerprinted the host while its bytes were hot: no read of the host's string here
            return of(event.partitionFirst(), event.partitionSecond());
        }
        KeyFingerprint host = KeyFingerprint.ofValue(event.get(hostField));
        return of(host.first(), host.second());
    }

    private Clock of(long first, long second) {
        Clock clock = find(table, first, second);
        return clock != null ? clock : add(first, second);
    }

    /** The clock of an event's host if one is known, else {@code null} (nothing committed for it, or forgotten). */
    Clock known(Event event) {
        if (event.isPartitionedBy(hostField)) {
            return known(event.partitionFirst(), event.partitionSecond());
        }
        KeyFingerprint host = KeyFingerprint.ofValue(event.get(hostField));
        return known(host.first(), host.second());
    }

    private Clock known(long first, long second) {
        Clock clock = find(table, first, second);
        if (clock == null) {
            // a lookup racing with an addition may miss it: be sure
            synchronized (lock) {
                clock = find(table, first, second);
            }
        }
        return clock;
    }

    int size() {
        synchronized (lock) {
            return size;
        }
    }

    private static Clock find(Clock[] table, long first, long second) {
        int mask = table.length - 1;
        for (int i = (int) first & mask; ; i = (i + 1) & mask) {
            Clock clock = (Clock) SLOT.getAcquire(table, i);
            if (clock == null) {
                return null;
            }
            if (clock.first == first && clock.second == second) {
                return clock;
            }
        }
    }

    private Clock add(long first, long second) {
        synchronized (lock) {
            Clock[] current = table;
            Clock clock = find(current, first, second);
            if (clock != null) {
                return clock;
            }
            clock = new Clock(first, second);
            if (size + 1 > maxHosts) {
                List<Clock> all = all(current);
                all.add(clock);
                trim(all);
            } else if ((size + 1) * 2 > current.length) {
                List<Clock> all = all(current);
                all.add(clock);
                publish(all, current.length * 2);
            } else {
                place(current, clock);
                size++;
            }
            return clock;
        }
    }

    /**
     * Forgets the tenth of the hosts whose clocks are oldest. A host whose first batch has not committed yet is kept:
     * its batch holds its clock (it used to be forgotten first, as the oldest).
     */
    private void trim(List<Clock> all) {
        all.sort((a, b) -> Long.compare(age(a), age(b)));
        long keep = Math.max(1, maxHosts - maxHosts / 10);
        List<Clock> kept = all.subList((int) Math.max(0, all.size() - keep), all.size());
        publish(kept, table.length);
    }

    /** A new table of at least {@code capacity} slots with these clocks, at most half full; guarded by the lock. */
    private void publish(List<Clock> clocks, int capacity) {
        int length = Math.max(capacity, INITIAL_CAPACITY);
        while (clocks.size() * 2 > length) {
            length *= 2;
        }
        Clock[] fresh = new Clock[length];
        for (Clock clock : clocks) {
            place(fresh, clock);
        }
        size = clocks.size();
        table = fresh;
    }

    private static void place(Clock[] table, Clock clock) {
        int mask = table.length - 1;
        int i = (int) clock.first & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        // released: a lookup without the lock that finds the clock sees it whole, its NEVER included
        SLOT.setRelease(table, i, clock);
    }

    private static List<Clock> all(Clock[] table) {
        List<Clock> all = new ArrayList<>();
        for (Clock clock : table) {
            if (clock != null) {
                all.add(clock);
            }
        }
        return all;
    }

    /** What trimming orders clocks by: a host new since the last commit counts as the newest, not the oldest. */
    private static long age(Clock clock) {
        long committed = clock.committed();
        return committed == NEVER ? Long.MAX_VALUE : committed;
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
