package dev.tripline.event;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the raw JSON of the events that partial matches hold in a few large shared arrays (slabs) instead of one small
 * array per event, so that the garbage collector never copies those bytes. Every stage hit is kept for the allowed
 * lateness (30 s by default), long enough for a young collection to copy a small array twice (into a survivor space,
 * then into the old generation); a slab of {@link #DEFAULT_SLAB_BYTES} is one G1 region with the service's
 * {@code -XX:G1HeapRegionSize=4m} (two of the 2 MB regions G1 picks for a 4 GB heap by default) and is therefore a
 * humongous object: allocated in the old generation and never moved. An event longer than an eighth of a slab gets an
 * array of its own, as {@link Event#retained()} gives.
 *
 * <p>A slab lives as long as any event in it, and a partial may wait long: a host's partials expire only as that
 * host's own clock moves, and one that falls silent leaves them pending until the idle timeout (an hour by default).
 * The engine's sweep, which visits every kept event, therefore counts each slab's live bytes ({@link #keep}), and the
 * next sweep moves the events of the slabs it found less than half live into arrays of their own, so that those slabs
 * can go. A slab is only judged once every byte in it was written before the previous sweep began. So a slab stays
 * either while it is at least half live or for about two sweeps (two minutes of event time); {@link #sweepWanted}
 * asks for a sweep after {@code sweepAfterSlabs} new slabs even if event time stands still. Moving is a copy the
 * garbage collector must then copy again, which is why well-filled slabs are left where they are.
 *
 * <p>Thread-safe: writers take space in the current slab with one atomic add, and the one that finds it full starts
 * the next. A reader of a slab reads only the part its own event was written to.
 */
public final class RetainedBytes implements EventRetention {

    /** One 4 MB G1 region less the array's header. */
    public static final int DEFAULT_SLAB_BYTES = 4 * 1024 * 1024 - 16;
    public static final int DEFAULT_SWEEP_AFTER_SLABS = 64;

    private final int slabBytes;
    private final int largest;
    private final int sweepAfterSlabs;
    private final AtomicReference<Slab> current;
    /** slabs numbered below this are old: the sweep moves events out of them */
    private volatile long oldBelow = 1;
    /** the number of the slab being filled when the last sweep began */
    private volatile long atLastSweep = 1;
    private final AtomicLong moved = new AtomicLong();
    /** the sweep's own (one sweep runs at a time): live bytes per slab found by the running sweep */
    private Map<Long, long[]> census = new HashMap<>();
    /** the sweep's own: slabs the previous sweep found less than half live */
    private Set<Long> sparse = Set.of();

    private record Slab(long number, byte[] bytes, AtomicInteger used) {
    }

    public RetainedBytes() {
        this(DEFAULT_SLAB_BYTES, DEFAULT_SWEEP_AFTER_SLABS);
    }

    /**
     * @param slabBytes the size of a slab; events longer than an eighth of it get arrays of their own
     * @param sweepAfterSlabs how many new slabs make {@link #sweepWanted} true
     */
    public RetainedBytes(int slabBytes, int sweepAfterSlabs) {
        if (slabBytes < 64) {
            throw new IllegalArgumentException("a slab must hold at least 64 bytes, was " + slabBytes);
        }
        if (sweepAfterSlabs < 1) {
            throw new IllegalArgumentException("sweepAfterSlabs must be positive, was " + sweepAfterSlabs);
        }
        this.slabBytes = slabBytes;
        this.largest = slabBytes / 8;
        this.sweepAfterSlabs = sweepAfterSlabs;
        this.current = new AtomicReference<>(new Slab(1, new byte[slabBytes], new AtomicInteger()));
    }

    @Override
    public Event retain(Event event) {
        if (!event.isCompact() || event.retention() != Event.NOT_RETAINED) {
            return event;
        }
        int length = event.length();
        if (length > largest) {
            return event.retained();
        }
        while (true) {
            Slab slab = current.get();
            int at = slab.used().getAndAdd(length);
            if (at <= slabBytes - length) {
                return event.retainedIn(slab.bytes(), at, slab.number());
            }
            // full: the first to see it starts the next slab, the others retry in that one (a 4 MB array is worth
            // looking again before allocating: threads that find the slab full together would each allocate one)
            if (current.get() == slab) {
                current.compareAndSet(slab, new Slab(slab.number() + 1, new byte[slabBytes], new AtomicInteger()));
            }
        }
    }

    @Override
    public void sweepStarting() {
        long filling = current.get().number();
        oldBelow = atLastSweep;
        atLastSweep = filling;
        Set<Long> found = new HashSet<>();
        census.forEach((slab, live) -> {
            if (live[0] < slabBytes / 2) {
                found.add(slab);
            }
        });
        sparse = found;
        census = new HashMap<>();
    }

    /** Counts the event's bytes as live in its slab, or moves it out of an old slab the last sweep found sparse. */
    @Override
    public Event keep(Event kept) {
        long slab = kept.retention();
        if (slab <= Event.OWN_BYTES) {
            return kept;
        }
        if (slab < oldBelow && sparse.contains(slab)) {
            moved.incrementAndGet();
            return kept.withOwnBytes();
        }
        // an event that several keys hold is counted once per key: a slab may look fuller than it is, never emptier
        census.computeIfAbsent(slab, s -> new long[1])[0] += kept.length();
        return kept;
    }

    @Override
    public boolean sweepWanted() {
        return current.get().number() - atLastSweep >= sweepAfterSlabs;
    }

    /** How many slabs were started so far. */
    public long slabs() {
        return current.get().number();
    }

    /** How many kept events sweeps moved out of old slabs so far. */
    public long moved() {
        return moved.get();
    }
}
