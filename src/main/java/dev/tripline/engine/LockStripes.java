package dev.tripline.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

/**
 * Lock stripes over the store's keys. A batch takes the stripes of every key it touches in ascending index order
 * (so two batches can never deadlock) while it works out and writes its keys' new states, and releases them then:
 * not when it commits, which waits for the database. Semaphores, not reentrant locks, as a failing batch may release
 * them on another thread.
 *
 * <p>Each stripe also names its <em>writer</em>: the batch that last wrote a key of it and has neither committed nor
 * rolled back yet. A batch that takes a stripe with a writer builds on that batch's uncommitted states, so it may
 * commit only after the writer has, and rolls back with it (see {@link EngineBatch}).
 */
final class LockStripes {

    /** A stripe's lock and its writer side by side: the writer is read and named while the stripe is held. */
    private static final class Stripe extends Semaphore {

        private static final VarHandle WRITER;

        static {
            try {
                WRITER = MethodHandles.lookup().findVarHandle(Stripe.class, "writer", EngineBatch.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /**
         * read and named (opaque: atomic, no fence) while the stripe is held, whose acquire and release order them;
         * cleared by a CAS when its batch commits
         */
        @SuppressWarnings("unused")
        private EngineBatch writer;

        Stripe() {
            super(1);
        }
    }

    private final Stripe[] stripes;
    private final int mask;

    LockStripes(int count) {
        this.stripes = new Stripe[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new Stripe();
        }
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
            stripes[indexes[i]].acquireUninterruptibly();
        }
        return unique;
    }

    void unlockAll(int[] indexes, int count) {
        for (int i = count - 1; i >= 0; i--) {
            stripes[indexes[i]].release();
        }
    }

    void lock(int index) {
        stripes[index].acquireUninterruptibly();
    }

    boolean tryLock(int index) {
        return stripes[index].tryAcquire();
    }

    void unlock(int index) {
        stripes[index].release();
    }

    /** The stripe's uncommitted writer, or null; read while holding the stripe (or under the rollback lock). */
    EngineBatch writer(int index) {
        return (EngineBatch) Stripe.WRITER.getOpaque(stripes[index]);
    }

    /** Names the stripe's writer (or null); while holding the stripe (or under the rollback lock). */
    void writer(int index, EngineBatch batch) {
        Stripe.WRITER.setOpaque(stripes[index], batch);
    }

    /**
     * The batch has committed: the stripe has no uncommitted writer, unless a later batch has written it since. Does
     * not need the stripe: a batch holding it meanwhile either sees the committed writer (and, finding it committed,
     * does not wait for it) or names itself, which this leaves alone.
     */
    void committed(int index, EngineBatch batch) {
        Stripe.WRITER.compareAndSet(stripes[index], batch, null);
    }
}
