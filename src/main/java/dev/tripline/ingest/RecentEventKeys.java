package dev.tripline.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collection;

/**
 * Keys of events from committed batches, to answer "already received" for events that are sent again. Bounded: an
 * event re-sent after its key was forgotten is evaluated again, and its alert, having the same id, is not raised
 * twice. Only committed batches are remembered, so a batch that failed is evaluated in full on its retry.
 */
final class RecentEventKeys {

    private final Cache<String, Boolean> keys;
    private final boolean enabled;

    RecentEventKeys(long capacity) {
        this.enabled = capacity > 0;
        this.keys = Caffeine.newBuilder().maximumSize(Math.max(capacity, 1)).build();
    }

    boolean seen(String key) {
        return enabled && keys.getIfPresent(key) != null;
    }

    void remember(Collection<String> committed) {
        if (!enabled) {
            return;
        }
        for (String key : committed) {
            keys.put(key, Boolean.TRUE);
        }
    }
}
