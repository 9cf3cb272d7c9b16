package dev.tripline.engine;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link RuleCounters}; batches add to them when they commit. */
final class RuleCounterCells {

    static final int SEEN = 0;
    static final int HITS = 1;
    static final int MATCHES = 2;
    static final int EXPIRED = 3;
    static final int LATE = 4;
    static final int NULL_KEYS = 5;
    static final int SUPPRESSED = 6;
    static final int REJECTED_MISSING = 7;
    static final int SUPERSEDED = 8;
    static final int KINDS = 9;

    final String ruleId;
    volatile int revision;
    private final LongAdder[] cells = new LongAdder[KINDS];
    /** the pending count of the rule installed now; {@code null} while none is */
    volatile PendingCount pending;
    final LongAdder evicted = new LongAdder();
    final LongAdder dropped = new LongAdder();

    RuleCounterCells(String ruleId) {
        this.ruleId = ruleId;
        for (int i = 0; i < KINDS; i++) {
            cells[i] = new LongAdder();
        }
    }

    void add(int kind, long amount) {
        if (amount != 0) {
            cells[kind].add(amount);
        }
    }

    RuleCounters snapshot() {
        return new RuleCounters(ruleId, revision, cells[SEEN].sum(), cells[HITS].sum(), cells[MATCHES].sum(),
                pending == null ? 0 : pending.get(), cells[EXPIRED].sum(), evicted.sum(), cells[LATE].sum(), cells[NULL_KEYS].sum(),
                cells[SUPPRESSED].sum(), cells[REJECTED_MISSING].sum(), cells[SUPERSEDED].sum(), dropped.sum());
    }
}
