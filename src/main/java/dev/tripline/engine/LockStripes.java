package dev.tripline.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lock stripes over the store's keys. A batch takes the stripes of every key it touches in ascending index order
 * (so two batches can never deadlock) while it works out and writes their new states, and releases them then:
 * not when it commits, which waits for the database. A stripe is not owned by a thread, as a failing batch may release
 * its stripes on another thread.
 *
 * <p>Each stripe also names its <em>writer</em>: the batch that last wrote a key of it and has neither committed nor
 * rolled back yet. A batch that takes a stripe with a writer builds on that batch's uncommitted states, so it may
 * commit only after the writer has, and rolls back with it (see {@link EngineBatch}).
 *
 * <p>Laid out flat: a stripe is two neighbouring elements of one array, its lock and its writer, so taking it,
 * reading and naming its writer and releasing it touch one cache line. (A semaphore per stripe put the lock two
 * objects away from the array, 65,536 of them by default over megabytes of heap; a batch takes a stripe per hit, at
 * random.) Taking a free stripe is one compare-and-set. A thread that finds its stripe taken waits on one monitor
 * shared by all stripes, and a release wakes the waiters only when there are any: stripes are many and held briefly,
 * so waiting is rare.
 */
final class LockStripes {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    /** the lock slot of a stripe that is taken (a free one holds null) */
    private static final Object HELD = new Object();

    /** per stripe {@code i}: {@code [2i]} {@link #HELD} or null, {@code [2i + 1]} its uncommitted writer or null */
    private final Object[] slots;
    private final int mask;
    /** how many threads wait for a stripe; a release that finds none wakes nobody */
    private final AtomicInteger waiting = new AtomicInteger();
    /** where waiting threads wait, and releases wake them */
    private final Object released = new Object();

    LockStripes(int count) {
        this.slots = new Object[2 * count];
        this.mask = count - 1;
    }

    int stripeOf(PartialKey key) {
        return key.hashCode() & mask;
    }

    /** Sorts and de-duplicates {@code indexes[0..count)} in place and takes those stripes; returns how many. */
    int lockAll(int[] indexes, int count) {
        Arrays.sort(indexes, 0, count);
        int unique = 0;
        for (int i = 0; i < count; i++) {
            if (unique == 0 || indexes[unique - 1] != indexes[i]) {
                indexes[unique++] = indexes[i];
            }
        }
        for (int i = 0; i < unique; i++) {
            lock(indexes[i]);
        }
        return unique;
    }

    void unlockAll(int[] indexes, int count) {
        for (int i = count - 1; i >= 0; i--) {
            SLOTS.setVolatile(slots, 2 * indexes[i], null);
        }
        wakeWaiters();
    }

    /** Takes the stripe, waiting (uninterruptibly) while another batch holds it. */
    void lock(int index) {
        if (!tryLock(index)) {
            await(index);
        }
    }

    boolean tryLock(int index) {
        return SLOTS.compareAndSet(slots, 2 * index, null, HELD);
    }

    void unlock(int index) {
        SLOTS.setVolatile(slots, 2 * index, null);
        wakeWaiters();
    }

    /**
     * Waits until the stripe is taken. The count of waiters goes up before the stripe is tried again, and a release
     * frees its stripe before it reads the count (all volatile): so either the release sees this waiter and wakes it,
     * or the retry comes after the release and finds the stripe free. The retry and the wait happen holding the
     * monitor, which a waking release takes too, so a wake-up cannot fall between them.
     */
    private void await(int index) {
        boolean interrupted = false;
        synchronized (released) {
            waiting.incrementAndGet();
            try {
                while (!tryLock(index)) {
                    try {
                        released.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                waiting.decrementAndGet();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void wakeWaiters() {
        if (waiting.get() > 0) {
            synchronized (released) {
                released.notifyAll();
            }
        }
    }

    /** The stripe's uncommitted writer, or null; read while holding the stripe (or under the rollback lock). */
    EngineBatch writer(int index) {
        return (EngineBatch) SLOTS.getOpaque(slots, 2 * index + 1);
    }

    /** Names the stripe's writer (or null); while holding the stripe (or under the rollback lock). */
    void writer(int index, EngineBatch batch) {
        SLOTS.setOpaque(slots, 2 * index + 1, batch);
    }

    /**
     * The batch has committed: the stripe has no uncommitted writer, unless a later batch has written it since. Does
     * not need the stripe: a batch holding it meanwhile either sees the committed writer (and, finding it committed,
     * does not wait for it) or names itself, which this leaves alone.
     */
    void committed(int index, EngineBatch batch) {
        SLOTS.compareAndSet(slots, 2 * index + 1, batch, null);
    }
}
