package dev.tripline.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The partial matches one installed rule has pending. When the rule is replaced or removed its count is retired in
 * one atomic step: what was pending then is counted as dropped, and whatever a batch still holding the old rule adds
 * or takes afterwards goes to the dropped count as well, so nothing is counted twice or lost.
 */
final class PendingCount {

    /** Far from any real count in both directions: a value near it means "retired". */
    private static final long RETIRED = Long.MIN_VALUE / 2;

    private final AtomicLong count = new AtomicLong();
    private final RuleCounterCells cells;

    PendingCount(RuleCounterCells cells) {
        this.cells = cells;
    }

    void add(long delta) {
        if (delta == 0) {
            return;
        }
        long before = count.getAndAdd(delta);
        if (before < RETIRED / 2) {
            cells.dropped.add(delta);
        }
    }

    /** Counts what is pending now as dropped; later changes go there too. */
    void retire() {
        long pending = count.getAndSet(RETIRED);
        if (pending > RETIRED / 2) {
            cells.dropped.add(pending);
        }
    }

    /** Pending now; 0 once retired. */
    long get() {
        long value = count.get();
        return value < RETIRED / 2 ? 0 : value;
    }
}
