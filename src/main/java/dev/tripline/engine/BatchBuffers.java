package dev.tripline.engine;

import dev.tripline.event.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The working arrays of one batch, pooled so that an event that hits no stage costs no allocation: the order of
 * evaluation, which events came late, the hits found, per-rule counts awaiting commit, and the stripes held.
 */
final class BatchBuffers {

    /** the batch's events, copied out of the caller's list in the first pass: every later pass reads this array */
    Event[] events = new Event[0];
    int[] order = new int[0];
    int[] sortScratch = new int[0];
    boolean[] late = new boolean[0];
    /** by arrival index: each event's host lane ({@link HostClocks#laneOf}) and time, for the commit */
    long[] hostLanes = new long[0];
    long[] times = new long[0];
    int[] stripes = new int[0];
    /** for each stripe in {@code stripes}, its writer when this batch took it (restored if this batch rolls back) */
    EngineBatch[] previousWriters = new EngineBatch[0];
    Object[] stored = new Object[0];
    final List<Hit> hits = new ArrayList<>();
    long[] counts = new long[0];
    Dispatch countsFor;
    int[] touched = new int[0];
    int[] ruleHits = new int[0];
    /** events seen by each group of rules ({@link Dispatch#groups}), and by single rules (events of several categories) */
    long[] seenByGroup = new long[0];
    long[] seenByRule = new long[0];
    /** the rules already counted for the event of several categories being probed, listed in {@code marked} */
    boolean[] seen = new boolean[0];
    int[] marked = new int[0];
    int markedCount;
    /** the first category's probes the event being probed met */
    Dispatch.ProbeSet firstSet;
    Object[] keyValues = new Object[0];
    PartialKey[] keys = new PartialKey[0];
    int[] keyMasks = new int[0];
    final int[] nullKeys = new int[1];
    /** the keys the batch changed, in the order first touched, and filed by key in {@code touchedTable} */
    final List<EngineBatch.Touched> touchedKeys = new ArrayList<>();
    /**
     * open addressing by the key's hash, at most half full: a {@link java.util.HashMap} would be allocated per batch,
     * and shares its compiled lookup with every other map of the process, so it calls {@code equals} virtually
     */
    EngineBatch.Touched[] touchedTable = new EngineBatch.Touched[64];

    void prepare(int events, Dispatch dispatch) {
        if (order.length < events) {
            int size = Math.max(events, order.length * 2);
            this.events = new Event[size];
            order = new int[size];
            sortScratch = new int[size];
            late = new boolean[size];
            hostLanes = new long[size];
            times = new long[size];
        }
        int rules = dispatch.rules.length;
        if (countsFor != dispatch) {
            counts = new long[rules * RuleCounterCells.KINDS];
            touched = new int[rules];
            ruleHits = new int[rules];
            seen = new boolean[rules];
            marked = new int[rules];
            seenByGroup = new long[dispatch.groups.length];
            seenByRule = new long[rules];
            keyValues = new Object[Math.max(1, dispatch.maxKeyArity)];
            keys = new PartialKey[Math.max(1, dispatch.maxKeyGroups)];
            keyMasks = new int[keys.length];
            countsFor = dispatch;
        }
    }

    /** what the store held for each hit's key, looked up ahead (see {@link EngineBatch}); cleared on release */
    Object[] stored(int count) {
        if (stored.length < count) {
            stored = new Object[Math.max(count, stored.length * 2)];
        }
        return stored;
    }

    int[] stripes(int count) {
        if (stripes.length < count) {
            stripes = new int[Math.max(count, stripes.length * 2)];
            previousWriters = new EngineBatch[stripes.length];
        }
        return stripes;
    }

    /** The list of touched keys, empty, with room filed for {@code expected} of them. */
    List<EngineBatch.Touched> touchedKeys(int expected) {
        if (touchedTable.length < expected * 2) {
            touchedTable = new EngineBatch.Touched[Integer.highestOneBit(Math.max(1, expected * 2 - 1)) * 2];
        }
        return touchedKeys;
    }

    EngineBatch.Touched touchedOf(PartialKey key) {
        EngineBatch.Touched[] table = touchedTable;
        int mask = table.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            EngineBatch.Touched t = table[i];
            if (t == null || t.key.equals(key)) {
                return t;
            }
        }
    }

    /** Files a key the batch touches for the first time. */
    void fileTouched(EngineBatch.Touched t) {
        if ((touchedKeys.size() + 1) * 2 > touchedTable.length) {
            touchedTable = new EngineBatch.Touched[touchedTable.length * 2];
            for (EngineBatch.Touched filed : touchedKeys) {
                place(touchedTable, filed);
            }
        }
        place(touchedTable, t);
        touchedKeys.add(t);
    }

    private static void place(EngineBatch.Touched[] table, EngineBatch.Touched t) {
        int mask = table.length - 1;
        int i = slot(t.key, mask);
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = t;
        t.slot = i;
    }

    private static int slot(PartialKey key, int mask) {
        int hash = key.hashCode();
        return (hash ^ hash >>> 16) & mask;
    }

    void clearTouched() {
        EngineBatch.Touched[] table = touchedTable;
        for (EngineBatch.Touched t : touchedKeys) {
            table[t.slot] = null;
        }
        touchedKeys.clear();
    }

    void count(int rule, int kind, long amount) {
        counts[rule * RuleCounterCells.KINDS + kind] += amount;
    }

    /** Adds the events each rule saw to its counts (once per batch: per group, not per event and rule). */
    void countSeen(Dispatch dispatch) {
        for (int g = 0; g < seenByGroup.length; g++) {
            long events = seenByGroup[g];
            if (events != 0) {
                for (int rule : dispatch.groups[g]) {
                    count(rule, RuleCounterCells.SEEN, events);
                }
            }
        }
        for (int rule = 0; rule < seenByRule.length; rule++) {
            count(rule, RuleCounterCells.SEEN, seenByRule[rule]);
        }
    }

    void release(int events, int stripeCount) {
        Arrays.fill(previousWriters, 0, Math.min(stripeCount, previousWriters.length), null);
        Arrays.fill(late, 0, Math.min(events, late.length), false);
        Arrays.fill(this.events, 0, Math.min(events, this.events.length), null);
        Arrays.fill(stored, 0, Math.min(hits.size(), stored.length), null);
        hits.clear();
        clearTouched();
        Arrays.fill(counts, 0);
        Arrays.fill(seenByGroup, 0);
        Arrays.fill(seenByRule, 0);
        firstSet = null;
    }
}
