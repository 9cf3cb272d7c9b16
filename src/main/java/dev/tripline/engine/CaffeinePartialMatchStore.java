package dev.tripline.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The store on a Caffeine cache: {@code maximumSize} and a wall-clock {@code expireAfterAccess} guard memory against
 * hostile key cardinality and against states that event time never expires (sequences without maxspan, samples).
 * Event time, not this cache, decides logical expiry. Maintenance runs on the calling thread, so evictions are
 * counted before the call that caused them returns.
 */
final class CaffeinePartialMatchStore implements PartialMatchStore {

    private final Cache<PartialKey, Object> cache;
    private volatile long capacity;

    CaffeinePartialMatchStore(long maximumSize, Duration idleTimeout, LongSupplier wallClock, EvictionListener listener) {
        this.capacity = maximumSize;
        Ticker ticker = wallClock::getAsLong;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterAccess(idleTimeout)
                .ticker(ticker)
                .executor(Runnable::run)
                .<PartialKey, Object>evictionListener((key, value, cause) -> {
                    if (key != null && value != null && cause.wasEvicted()) {
                        listener.evicted(key, value);
                    }
                })
                .build();
    }

    @Override
    public Object pendingOf(PartialKey key) {
        return cache.getIfPresent(key);
    }

    @Override
    public Object keep(PartialKey key, Object state) {
        if (state == null) {
            return cache.asMap().remove(key);
        }
        return cache.asMap().put(key, state);
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
    public void capacity(long keys) {
        capacity = keys;
        cache.policy().eviction().orElseThrow().setMaximum(keys);
    }
}
