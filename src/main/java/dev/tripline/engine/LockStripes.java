package dev.tripline.engine;

import java.util.Arrays;
import java.util.concurrent.Semaphore;

/**
 * Lock stripes over the store's keys. A batch takes the stripes of every key it touches in ascending index order
 * (so two batches can never deadlock) and holds them until it commits or rolls back, which may happen on another
 * thread than the one that took them: hence semaphores, not reentrant locks.
 */
final class LockStripes {

    private final Semaphore[] stripes;
    private final int mask;

    LockStripes(int count) {
        this.stripes = new Semaphore[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new Semaphore(1);
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
}
