package dev.tripline.engine;

import java.util.function.Consumer;

/**
 * Where the engine keeps what one rule has pending per join key (each installed rule has its own store, so dropping a
 * rule drops its store). Values are opaque to the store (see {@link KeyState#encode}); callers hold the key's lock
 * stripe around every read-modify-write. The store bounds memory on its own: beyond its capacity (given by the
 * {@link PendingBudget}) or idle bound it evicts, and says so through the eviction callback.
 */
interface PartialMatchStore {

    /** What the key has pending, or {@code null}. */
    Object pendingOf(PartialKey key);

    /**
     * Keeps {@code state} as the key's pending state ({@code null} forgets the key).
     *
     * @return what the key had before, so the caller can account for the difference
     */
    Object keep(PartialKey key, Object state);

    /** Forgets the key; returns what it had. */
    Object forget(PartialKey key);

    /** Visits the keys present now (weakly consistent: keys may come and go meanwhile). */
    void forEachKey(Consumer<PartialKey> visitor);

    /** How many keys hold a state. */
    long size();

    /** Runs pending maintenance (evictions) now rather than on the next access. */
    void cleanUp();

    /** How many keys the store may hold. */
    long capacity();

    /** Changes how many keys the store may hold; when that is fewer than it holds, it evicts (and says so). */
    void capacity(long keys);

    /**
     * Keys that batches have reserved room for and are about to add: kept by {@link PendingBudget}, which counts them
     * as taken until they are in the store.
     */
    java.util.concurrent.atomic.AtomicLong incoming();

    /** Told about every key that the memory guard evicted, with what it held. */
    @FunctionalInterface
    interface EvictionListener {
        void evicted(PartialKey key, Object state);
    }
}
