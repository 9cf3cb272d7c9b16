package dev.tripline.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The store on a Caffeine cache: a wall-clock {@code expireAfterAccess} and the capacity guard memory against hostile
 * key cardinality and against states that event time never expires (sequences without maxspan, samples). Event time,
 * not this cache, decides logical expiry. Maintenance runs on the calling thread, so evictions are counted before the
 * call that caused them returns.
 *
 * <p>Which keys go when the store is full matters for detection: a partial match is worth most just after its first
 * event (its sequence may still complete) and least just before its maxspan runs out. The store therefore evicts the
 * keys changed least recently, in access order (a lookup is quiet, see below). Caffeine's own size policy (W-TinyLFU) would weigh how often a key was
 * touched, and a partial match is touched once or twice in its life: a new one, the one most likely to complete, would
 * lose to old ones as often as not. So the cache has no {@code maximumSize} (with one, its access order is that
 * policy's, not the least recently used first): the capacity is enforced here, by evicting in the order of
 * {@code expireAfterAccess}, after every new key that finds the store over its capacity.
 *
 * <p>Cheap on the hot path: a lookup is quiet (it records no access and schedules no maintenance), so a key's place in
 * the eviction order and its idle time are those of its last change, which every completing or advancing event makes;
 * and the cache's maintenance (reordering, idle expiry, evictions) runs once per batch, in {@link #cleanUp()}, which the
 * batch calls before it returns, rather than after every write. Between two clean-ups writes wait in Caffeine's write
 * buffer; a writer that finds it full does the maintenance itself.
 */
final class CaffeinePartialMatchStore implements PartialMatchStore {

    private final Cache<PartialKey, Object> cache;
    private final Policy<PartialKey, Object> policy;
    private final EvictionListener listener;
    private final AtomicBoolean trimming = new AtomicBoolean();
    private final AtomicLong incoming = new AtomicLong();
    private volatile long capacity;

    CaffeinePartialMatchStore(long maximumSize, Duration idleTimeout, LongSupplier wallClock, EvictionListener listener) {
        this.capacity = maximumSize;
        this.listener = listener;
        Ticker ticker = wallClock::getAsLong;
        this.cache = Caffeine.newBuilder()
                .expireAfterAccess(idleTimeout)
                .ticker(ticker)
                // maintenance is not run per write: cleanUp() runs it once per batch (see the class comment)
                .executor(task -> { })
                .<PartialKey, Object>evictionListener((key, value, cause) -> {
                    if (key != null && value != null && cause.wasEvicted()) {
                        listener.evicted(key, value);
                    }
                })
                .build();
        this.policy = cache.policy();
    }

    @Override
    public Object pendingOf(PartialKey key) {
        return policy.getIfPresentQuietly(key);
    }

    @Override
    public Object keep(PartialKey key, Object state) {
        if (state == null) {
            return cache.asMap().remove(key);
        }
        Object previous = cache.asMap().put(key, state);
        if (previous == null) {
            trim();
        }
        return previous;
    }

    @Override
    public Object forget(PartialKey key) {
        return cache.asMap().remove(key);
    }

    @Override
    public void forEachKey(Consumer<PartialKey> visitor) {
        cache.asMap().keySet().forEach(visitor);
    }

    @Override
    public long size() {
        return cache.estimatedSize();
    }

    @Override
    public void cleanUp() {
        cache.cleanUp();
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public AtomicLong incoming() {
        return incoming;
    }

    @Override
    public void capacity(long keys) {
        capacity = keys;
        trim();
    }

    /**
     * When the store holds more keys than its capacity, evicts the least recently changed ones, a little more than the
     * excess so that a store at its capacity trims once per many new keys rather than on every one. One thread trims
     * at a time; the others go on, and what they add meanwhile is trimmed by the next new key.
     */
    private void trim() {
        // the size before the capacity: a key counted in the size was put after the capacity that made room for it
        // was set, so the capacity read next is at least that one. The other way round, a capacity read just before
        // another batch raised it and put its keys would evict keys that had room.
        if (cache.estimatedSize() <= capacity || !trimming.compareAndSet(false, true)) {
            return;
        }
        try {
            long size = cache.estimatedSize();
            long limit = capacity;
            long excess = size - limit;
            if (excess <= 0) {
                return;
            }
            int count = (int) Math.min(Integer.MAX_VALUE, excess + Math.min(limit / 64, 1024));
            Map<PartialKey, Object> oldest = cache.policy().expireAfterAccess().orElseThrow().oldest(count);
            for (Map.Entry<PartialKey, Object> entry : oldest.entrySet()) {
                if (cache.asMap().remove(entry.getKey(), entry.getValue())) {
                    listener.evicted(entry.getKey(), entry.getValue());
                }
            }
        } finally {
            trimming.set(false);
        }
    }
}
