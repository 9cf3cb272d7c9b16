package dev.tripline.ingest;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Arrays that request bodies of declared length are read into, used again from batch to batch.
 *
 * <p>A 1,000-event batch is about 1.2 MB, and a fresh array per batch was some 40 % of everything the service
 * allocated under load (young collections came every 0.5 s with them, every 0.8-0.9 s without); the bodies of the
 * batches in flight were also copied by every young collection (a batch lives tens of milliseconds, so a collection
 * always finds some). Arrays kept here live in the old generation and cost neither.
 *
 * <p>An array may be used again only when nothing refers to the body it held: the caller returns it once the batch
 * is answered, and the engine keeps only {@linkplain dev.tripline.event.Event#retained() copies} of events, never the
 * body. The part that held the body is zeroed on return, so that a reference kept by mistake reads zeros (and fails to
 * parse) instead of another batch's events.
 */
final class RequestBodies {

    /** A body: the first {@code length} bytes of {@code bytes}. */
    record Body(byte[] bytes, int length) {
    }

    /** Headroom of a new array over the body it is made for: the next batch is often a little longer. */
    private static final int HEADROOM_DIVISOR = 4;
    private static final int GRANULE = 64 * 1024;
    /**
     * Zeros that released arrays are overwritten from. {@code System.arraycopy} is a compiled stub from the first
     * call on, while {@code Arrays.fill} is a loop that runs in the JIT's profiling tier until C2 gets to it: on two
     * cores, with C2's queue long in a service's first minutes, that was about 1.4 ms per 1.2 MB body, a fifth of
     * the request threads' CPU in a profile of a load run's first minute.
     */
    private static final byte[] ZEROS = new byte[GRANULE];

    private final ArrayBlockingQueue<byte[]> free;
    private final int maxPooledLength;

    /**
     * @param arrays how many arrays are kept for the next bodies
     * @param maxPooledLength the longest array kept; a longer body gets an array of its own, left to the collector
     */
    RequestBodies(int arrays, int maxPooledLength) {
        this.free = new ArrayBlockingQueue<>(Math.max(1, arrays));
        this.maxPooledLength = maxPooledLength;
    }

    /** An array of at least {@code length} bytes, all zero: a kept one if one is long enough, else a new one. */
    byte[] take(int length) {
        byte[] kept = free.poll();
        if (kept != null && kept.length >= length) {
            return kept;
        }
        // a kept array too short for this body is dropped: arrays grow to the bodies that clients send
        if (length > maxPooledLength) {
            return new byte[length];
        }
        long wanted = (long) length + length / HEADROOM_DIVISOR;
        long rounded = (wanted + GRANULE - 1) / GRANULE * GRANULE;
        return new byte[(int) Math.max(length, Math.min(rounded, maxPooledLength))];
    }

    /** Takes an array back once nothing refers to the body in its first {@code used} bytes any more. */
    void release(byte[] array, int used) {
        if (array.length > maxPooledLength || array.length == 0) {
            return;
        }
        zero(array, Math.min(used, array.length));
        free.offer(array);
    }

    private static void zero(byte[] array, int length) {
        for (int from = 0; from < length; from += ZEROS.length) {
            System.arraycopy(ZEROS, 0, array, from, Math.min(ZEROS.length, length - from));
        }
    }

    /** For tests: how many arrays wait for a body. */
    int kept() {
        return free.size();
    }
}
