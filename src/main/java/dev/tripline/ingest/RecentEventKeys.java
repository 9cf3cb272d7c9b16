package dev.tripline.ingest;

import dev.tripline.event.KeyFingerprint;
import java.util.List;

/**
 * Keys of events from committed batches, to answer "already received" for events that are sent again. Bounded and
 * forgetful: an event re-sent after its key was forgotten is evaluated again, and its alert, having the same id, is
 * not raised twice. Only committed batches are remembered, so a batch that failed is evaluated in full on its retry.
 *
 * <p>Every event of every batch is looked up and remembered, so this is a fixed table of 128-bit fingerprints rather
 * than a cache of strings: a lookup reads one cache line and allocates nothing, and a million keys take 16 MB that the
 * garbage collector never has to copy ({@link KeyFingerprint}). The one error that would matter, calling a new event a
 * re-sent one (it would not be evaluated), needs two different keys to agree on all 128 bits: about one chance in
 * 10^20 over a trillion events at the default size. The other error, forgetting a key early, is the table's nature:
 * each key has a bucket of four entries, newest first, and a full bucket gives up its oldest.
 *
 * <p>Thread-safe without locks: a lookup racing with a write may miss a key that was just remembered (the event is
 * then evaluated again, as above). It cannot find one that was not: a half-moved entry holds halves of two different
 * fingerprints, which match no key short of the same 128-bit coincidence.
 */
final class RecentEventKeys {

    private static final int BUCKET = 4;

    /** bucket-major pairs: entry i of bucket b is at {@code 2 * (b * BUCKET + i)} (first hash, second hash) */
    private final long[] entries;
    private final int bucketMask;

    RecentEventKeys(long capacity) {
        if (capacity <= 0) {
            this.entries = null;
            this.bucketMask = 0;
            return;
        }
        long buckets = Long.highestOneBit(Math.max(1, (capacity + BUCKET - 1) / BUCKET));
        if (buckets * BUCKET < capacity) {
            buckets <<= 1;
        }
        if (buckets * BUCKET * 2 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("at most 2^27 recent event keys, asked for " + capacity);
        }
        this.entries = new long[(int) (buckets * BUCKET * 2)];
        this.bucketMask = (int) buckets - 1;
    }

    /** How many keys the table holds at most. */
    int capacity() {
        return entries == null ? 0 : entries.length / 2;
    }

    /**
     * Which of a batch's keys were seen, all looked up in one loop that does nothing else: the table is far larger than
     * the caches, and lookups that do not wait for one another let the processor fetch their buckets at the same time.
     */
    boolean[] seen(KeyFingerprint[] keys) {
        boolean[] seen = new boolean[keys.length];
        if (entries != null) {
            for (int k = 0; k < keys.length; k++) {
                seen[k] = seen(keys[k]);
            }
        }
        return seen;
    }

    boolean seen(KeyFingerprint key) {
        if (entries == null) {
            return false;
        }
        int base = bucketOf(key);
        for (int i = base, end = base + 2 * BUCKET; i < end; i += 2) {
            if (entries[i] == key.first() && entries[i + 1] == key.second()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Remembers a batch's keys (distinct): first looks them all up (see {@link #seen(KeyFingerprint[])}: the buckets
     * come in together), then writes the ones not there yet into buckets that are now in the cache.
     */
    void remember(List<KeyFingerprint> committed) {
        if (entries == null) {
            return;
        }
        KeyFingerprint[] keys = committed.toArray(KeyFingerprint[]::new);
        boolean[] present = seen(keys);
        for (int k = 0; k < keys.length; k++) {
            if (!present[k]) {
                add(keys[k]);
            }
        }
    }

    private void add(KeyFingerprint key) {
        int base = bucketOf(key);
        // newest first: the others move one place down and the oldest of a full bucket drops out, so that a key is
        // forgotten only after four newer keys came to its bucket (a million entries keep the last ~million keys)
        System.arraycopy(entries, base, entries, base + 2, 2 * (BUCKET - 1));
        entries[base] = key.first();
        entries[base + 1] = key.second();
    }

    private int bucketOf(KeyFingerprint key) {
        return ((int) key.first() & bucketMask) * BUCKET * 2;
    }

}
