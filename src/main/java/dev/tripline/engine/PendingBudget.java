package dev.tripline.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Shares the memory guard ({@code maxPendingKeys}, the most (rule, join key) states kept at once) between the rules'
 * stores, so that one rule's flood of keys can never evict another rule's partial matches.
 *
 * <p>Each stateful rule has its own store with its own capacity, and the capacities never add up to more than the
 * budget. A rule about to store new keys first {@linkplain #reserve reserves} room for them; when its capacity is
 * short it takes, in this order:
 * <ol>
 *   <li>budget nobody holds;</li>
 *   <li>room other rules hold but do not use (their capacity beyond their keys and some headroom): nothing is
 *       evicted;</li>
 *   <li>capacity of rules holding <em>more</em> than the capacity it asks for, never taking them below it: those rules
 *       evict their own least recently changed keys (counted).</li>
 * </ol>
 * That is max-min fairness: every rule gets what it needs up to an equal share of what is left after the smaller
 * rules are served. A rule that wants more than that (a broad first stage matching common events) evicts its own keys
 * when it is full, and only its own: a rule whose keys fit in its fair share keeps them all, however hard other
 * rules flood. A rule that needs more than its share loses its own least recently changed keys (the partial matches
 * nearest the end of their maxspan, the least likely to complete). With all 350 Elastic Linux rules on workload W1
 * (2.6 million keys wanted at once), a budget of one million keeps every one of the seed rule's 20,000 alerts while
 * the broad rules evict some 230,000 of their own keys. Evictions are counted per rule
 * ({@code GET /api/v1/rules/_status}). Reserving is lock-free while a rule has room; only growing takes the lock, and a
 * rule grows by an eighth at least, so it rarely does.
 */
final class PendingBudget {

    /** Room a rule may keep beyond its keys without it counting as unused. */
    private static final long MIN_HEADROOM = 256;

    private final long total;
    private final Set<PartialMatchStore> stores = new LinkedHashSet<>();
    private long held;

    PendingBudget(long total) {
        this.total = total;
    }

    long total() {
        return total;
    }

    /** A new rule's store starts with no capacity; its first reservation gives it some. */
    synchronized void admit(PartialMatchStore store) {
        store.capacity(0);
        stores.add(store);
    }

    /** The store is discarded (its rule replaced or removed): its capacity returns to the budget. */
    synchronized void release(PartialMatchStore store) {
        if (stores.remove(store)) {
            held -= store.capacity();
        }
    }

    /**
     * Makes room for {@code newKeys} more keys in {@code store}, as far as the budget and fairness allow. The caller
     * adds the keys, then calls {@link #added}: until then the room counts as taken, so that batches adding keys to
     * one store at the same moment cannot each see the same free room and together overfill it (the store would then
     * evict while the budget still had room).
     */
    void reserve(PartialMatchStore store, long newKeys) {
        if (newKeys <= 0) {
            return;
        }
        long incoming = store.incoming().addAndGet(newKeys);
        if (store.size() + incoming <= store.capacity()) {
            return;
        }
        grow(store, incoming);
    }

    /** The keys reserved by {@link #reserve} are in the store now (or will not come). */
    void added(PartialMatchStore store, long newKeys) {
        if (newKeys > 0) {
            store.incoming().addAndGet(-newKeys);
        }
    }

    private synchronized void grow(PartialMatchStore store, long newKeys) {
        if (!stores.contains(store)) {
            return;
        }
        long size = store.size();
        long needed = size + newKeys;
        long capacity = store.capacity();
        if (needed <= capacity) {
            return;
        }
        long wanted = Math.min(total, needed + Math.max(MIN_HEADROOM, needed / 8));
        long missing = wanted - capacity;
        long free = total - held;
        long granted = Math.min(missing, free);
        missing -= granted;
        if (missing > 0) {
            granted += reclaimUnused(store, missing);
            missing = wanted - capacity - granted;
        }
        if (missing > 0) {
            granted += takeFromLarger(store, capacity + granted, missing);
        }
        held += granted;
        store.capacity(capacity + granted);
    }

    /** Takes room other stores hold beyond their keys and headroom; nothing is evicted. */
    private long reclaimUnused(PartialMatchStore requester, long missing) {
        long taken = 0;
        for (PartialMatchStore other : stores) {
            if (other == requester || taken >= missing) {
                continue;
            }
            long size = other.size();
            long keep = size + Math.max(MIN_HEADROOM, size / 8);
            long unused = other.capacity() - keep;
            if (unused > 0) {
                long take = Math.min(unused, missing - taken);
                other.capacity(other.capacity() - take);
                held -= take;
                taken += take;
            }
        }
        return taken;
    }

    /**
     * Takes capacity from stores holding more than {@code level} (the requester's capacity once grown), largest
     * first, never below that level: the largest store gives first, which is what max-min fairness asks.
     */
    private long takeFromLarger(PartialMatchStore requester, long current, long missing) {
        long taken = 0;
        while (taken < missing) {
            long level = current + taken;
            List<PartialMatchStore> larger = new ArrayList<>();
            for (PartialMatchStore other : stores) {
                if (other != requester && other.capacity() > level + 1) {
                    larger.add(other);
                }
            }
            if (larger.isEmpty()) {
                break;
            }
            larger.sort((a, b) -> Long.compare(b.capacity(), a.capacity()));
            PartialMatchStore largest = larger.get(0);
            // halve the distance to the level at a time, so that several large stores give in turn
            long give = Math.max(1, Math.min(missing - taken, (largest.capacity() - level) / 2));
            largest.capacity(largest.capacity() - give);
            held -= give;
            taken += give;
        }
        return taken;
    }
}
