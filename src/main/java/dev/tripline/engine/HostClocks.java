package dev.tripline.engine;

import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import dev.tripline.event.KeyFingerprint;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The newest event time committed per host: the reference for lateness. A clock moves only when a batch commits,
 * so a batch that rolls back leaves no trace and its retry is judged exactly as the first attempt was.
 *
 * <p>Every event of every batch reads or writes its host's clock, so the clocks live inline in one flat
 * open-addressing table of longs, filed by the first 64-bit lane of the host's {@link KeyFingerprint}: a slot is that
 * lane and the committed time, 16 bytes, so a lookup costs one cache line of one array, not a table slot and then a
 * clock object somewhere in the heap (the object cost a second miss). The lookups are random over a table of
 * megabytes, so what they cost is mostly memory and address translation: slots of 16 bytes, rather than the 32 that
 * both lanes of the fingerprint took, halve the pages the table spans, and made the W1 seed-rule run 6.5 % faster
 * (the two layouts alternating batch by batch in one process). Two hosts would share a clock only if the 64-bit
 * lanes of their fingerprints agreed (seeded at random per process): among a million hosts, odds of about 3 in 100
 * million that any two do, and then the one whose clock is behind would have its events judged by the other's.
 *
 * <p>Lookups take no lock. Every write (a batch's commit, which adds its new hosts and advances the clocks of all its
 * events' hosts; growing and trimming the table) happens under one lock, so a write is never lost to a table being
 * replaced, and a commit needs no compare-and-set per event. A lookup racing with a commit sees each clock either
 * before or after it (clocks only move forward); one racing with a replacement of the table may read the old table,
 * that is, a clock as it was a moment before, which is what it would have read had it come a moment earlier.
 *
 * <p>It is bounded: past {@code maxHosts} the hosts with the oldest clocks are forgotten (a forgotten host starts
 * afresh; a key whose history no longer accepts an event still refuses it, see {@link KeyState}).
 */
final class HostClocks {

    /** A host nobody has committed for yet; far enough from Long.MIN_VALUE that subtracting lateness cannot wrap. */
    static final long NEVER = Long.MIN_VALUE / 4;

    /** A host to look its clock up by later (a pending confirmation keeps one): its fingerprint, no reference. */
    record Host(long lane) {
    }

    private static final int INITIAL_SLOTS = 1 << 10;
    /** longs per slot: the fingerprint's lane (never 0 in a used slot), the committed time */
    private static final int STRIDE = 2;
    private static final int FINGERPRINT = 0;
    private static final int COMMITTED = 1;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final FieldPath hostField;
    private final long maxHosts;
    private final AtomicLong newest = new AtomicLong(NEVER);
    private final Object lock = new Object();
    /** {@link #STRIDE} longs per slot, filed by {@code fingerprint & (slots - 1)} then the next slots; at most half full */
    private volatile long[] table = new long[INITIAL_SLOTS * STRIDE];
    /** guarded by {@link #lock} */
    private int size;
    /** guarded by {@link #lock}: see {@link #touchSlots} */
    @SuppressWarnings("unused")
    private long touched;

    HostClocks(FieldPath hostField, long maxHosts) {
        this.hostField = hostField;
        this.maxHosts = maxHosts;
    }

    /** The host of an event, to look its clock up by later. */
    Host hostOf(Event event) {
        return new Host(laneOf(event));
    }

    /** The committed time of the event's host, {@link #NEVER} if nothing was committed for it (or it was forgotten). */
    long committedOf(Event event) {
        return committedOfLane(laneOf(event));
    }

    /** As {@link #committedOf(Event)}, by the event's {@link #laneOf lane}. */
    long committedOfLane(long lane) {
        return committed(table, lane);
    }

    long committed(Host host) {
        return committedOfLane(host.lane());
    }

    int size() {
        synchronized (lock) {
            return size;
        }
    }

    /**
     * Commits a batch, given each event's {@link #laneOf lane} and time as the batch noted them while it read the event
     * anyway (the commit then reads two arrays in order rather than every event again, by then often out of the
     * cache): the newest time among {@code times[i]} for which {@code late[i]} is false becomes the newest committed
     * time (if it is newer), then each such event's host clock is advanced to its time, hosts new to the table added.
     */
    void commit(long[] lanes, long[] times, boolean[] late, int count) {
        long batchNewest = NEVER;
        for (int i = 0; i < count; i++) {
            if (!late[i]) {
                batchNewest = Math.max(batchNewest, times[i]);
            }
        }
        // the newest time first: a batch that finds an event within the lateness of it skips its host's clock,
        // which is sound only while no host's clock is ahead of it
        committedNewest(batchNewest);
        synchronized (lock) {
            touchSlots(lanes, late, count);
            for (int i = 0; i < count; i++) {
                if (!late[i]) {
                    advance(lanes[i], times[i]);
                }
            }
        }
    }

    /**
     * Reads the first slot of every event's host before any clock is advanced. Each read is independent of the others
     * and the loop is short, so the processor has many of these cache misses in flight at once; the advancing loop then
     * finds the slots in the cache instead of waiting for each miss in turn (each of its iterations is long enough that
     * the processor cannot look ahead to the next one's read). What the reads sum up to is kept only so that the
     * compiler cannot drop them.
     */
    private void touchSlots(long[] lanes, boolean[] late, int count) {
        long[] slots = table;
        int mask = slots.length / STRIDE - 1;
        long sum = 0;
        for (int i = 0; i < count; i++) {
            if (!late[i]) {
                sum += slots[((int) lanes[i] & mask) * STRIDE];
            }
        }
        touched = sum;
    }

    /** Advances one host's clock (for tests and callers without a batch). */
    void commit(Event event) {
        long time = event.timestampNanos();
        committedNewest(time);
        synchronized (lock) {
            advance(laneOf(event), time);
        }
    }

    /** Guarded by the lock: the one writer. */
    private void advance(long fingerprint, long time) {
        long[] slots = table;
        int at = find(slots, fingerprint);
        if (at < 0) {
            at = add(fingerprint);
            slots = table;
        }
        if ((long) LONGS.getOpaque(slots, at + COMMITTED) < time) {
            LONGS.setOpaque(slots, at + COMMITTED, time);
        }
    }

    private static long committed(long[] slots, long fingerprint) {
        int at = find(slots, fingerprint);
        return at < 0 ? NEVER : (long) LONGS.getOpaque(slots, at + COMMITTED);
    }

    /** The index of the host's slot, or -1. */
    private static int find(long[] slots, long fingerprint) {
        int mask = slots.length / STRIDE - 1;
        for (int i = (int) fingerprint & mask; ; i = (i + 1) & mask) {
            int at = i * STRIDE;
            long f = (long) LONGS.getAcquire(slots, at + FINGERPRINT);
            if (f == fingerprint) {
                return at;
            }
            if (f == 0) {
                return -1;
            }
        }
    }

    /** Guarded by the lock: a slot for a new host, its clock at {@link #NEVER}; trims or grows the table first. */
    private int add(long fingerprint) {
        if (size + 1 > maxHosts) {
            trim();
        } else if ((size + 1) * 2 > table.length / STRIDE) {
            rebuild(size, Long.MIN_VALUE, 0);
        }
        size++;
        return place(table, fingerprint, NEVER);
    }

    /**
     * Forgets the tenth of the hosts whose clocks are oldest (every host in the table has a committed time: a host is
     * added only by the commit that sets its clock).
     */
    private void trim() {
        long[] old = table;
        long[] times = new long[size];
        int n = 0;
        for (int at = 0; at < old.length; at += STRIDE) {
            if (old[at + FINGERPRINT] != 0) {
                times[n++] = old[at + COMMITTED];
            }
        }
        Arrays.sort(times, 0, n);
        // room for the host being added, and for a tenth more before the next trim
        int keep = (int) Math.min(n, Math.max(0, maxHosts - Math.max(1, maxHosts / 10)));
        if (keep == 0) {
            rebuild(0, Long.MAX_VALUE, 0);
            return;
        }
        // keep every clock newer than the oldest one kept, and as many at that time as fit
        long cut = times[n - keep];
        int atCut = 0;
        for (int j = n - keep; j < n && times[j] == cut; j++) {
            atCut++;
        }
        rebuild(keep, cut, atCut);
    }

    /**
     * Replaces the table by one holding the clocks committed after {@code cut} and the first {@code atCut} committed
     * at it, {@code kept} clocks in all, sized to stay at most half full with one more; guarded by the lock. Published
     * whole: a lookup reads either the old table or the new one.
     */
    private void rebuild(int kept, long cut, int atCut) {
        long[] old = table;
        int slots = INITIAL_SLOTS;
        while ((kept + 1) * 2 > slots) {
            slots *= 2;
        }
        long[] fresh = new long[slots * STRIDE];
        int ties = atCut;
        for (int at = 0; at < old.length; at += STRIDE) {
            if (old[at + FINGERPRINT] != 0
                    && (old[at + COMMITTED] > cut || old[at + COMMITTED] == cut && ties-- > 0)) {
                place(fresh, old[at + FINGERPRINT], old[at + COMMITTED]);
            }
        }
        size = kept;
        table = fresh;
    }

    /** Writes a slot: the time first, the fingerprint (which marks the slot used) last, released. */
    private static int place(long[] slots, long fingerprint, long committed) {
        int mask = slots.length / STRIDE - 1;
        int i = (int) fingerprint & mask;
        while (slots[i * STRIDE + FINGERPRINT] != 0) {
            i = (i + 1) & mask;
        }
        int at = i * STRIDE;
        LONGS.setOpaque(slots, at + COMMITTED, committed);
        LONGS.setRelease(slots, at + FINGERPRINT, fingerprint);
        return at;
    }

    /** What files the event's host in the table: the first lane of its fingerprint, never 0. */
    long laneOf(Event event) {
        long lane;
        if (event.isPartitionedBy(hostField)) {
            // the decoder fingerprinted the host while its bytes were hot: no read of the host's string here
            lane = event.partitionFirst();
        } else {
            lane = KeyFingerprint.ofValue(event.get(hostField)).first();
        }
        // 0 marks an empty slot
        return lane == 0 ? 1 : lane;
    }

    /** Records the newest event time a committed batch held, once per batch. */
    void committedNewest(long nanos) {
        newest.accumulateAndGet(nanos, Math::max);
    }

    /** The newest event time committed for any host. */
    long newest() {
        return newest.get();
    }
}
