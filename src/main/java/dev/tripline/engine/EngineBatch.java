package dev.tripline.engine;

import dev.tripline.event.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one evaluated batch, holding the locks of the keys it touched until {@link #commit()} or
 * {@link #close()}. Not for sharing between threads while open, but it may be committed or closed on another thread
 * than the one that evaluated it.
 */
public final class EngineBatch implements AutoCloseable {

    private final DetectionEngine engine;
    private final Dispatch rules;
    private final BatchBuffers buffers;
    private final int size;
    private final List<Integer> lateIndexes;
    private final List<Confirmations.Due> due;
    private final List<Match> matches = new ArrayList<>();
    private final List<String> superseded = new ArrayList<>();
    private final Map<PartialKey, Touched> touched = new HashMap<>();
    private final List<Confirmations.Due> offered = new ArrayList<>();
    /**
     * the stores this batch read or wrote, each once: their maintenance runs when the batch is through with them;
     * {@code null} until the first (a batch of events that hit no stage allocates nothing for it)
     */
    private List<PartialMatchStore> stores;
    private int lockedStripes;
    private boolean done;
    private boolean committed;

    /** One key this batch changed: what it held before (to roll back) and what it holds now. */
    private static final class Touched {
        final PartialKey key;
        final Object before;
        KeyState state;

        Touched(PartialKey key, Object before, KeyState state) {
            this.key = key;
            this.before = before;
            this.state = state;
        }
    }

    EngineBatch(DetectionEngine engine, Dispatch rules, BatchBuffers buffers, int size,
            List<Integer> lateIndexes, List<Confirmations.Due> due) {
        this.engine = engine;
        this.rules = rules;
        this.buffers = buffers;
        this.size = size;
        this.lateIndexes = Collections.unmodifiableList(lateIndexes);
        this.due = due;
    }

    /** The matches this batch completed, in completion order. */
    public List<Match> matches() {
        return Collections.unmodifiableList(matches);
    }

    /** Indexes (into the evaluated list) of the events that arrived beyond the allowed lateness: not evaluated. */
    public List<Integer> lateEventIndexes() {
        return lateIndexes;
    }

    /**
     * Ids of matches emitted by earlier batches that sorted delivery would not have formed, now that a late event of
     * this batch fills in the picture (for example a late first-stage event between the first and second events of
     * an emitted match). Their replacements, if any, are among {@link #matches()}.
     */
    public List<String> superseded() {
        return Collections.unmodifiableList(superseded);
    }

    /** Phase 2: lock the touched keys' stripes in order and run the state machines. */
    void apply() {
        LockStripes stripes = engine.stripes();
        List<Hit> hits = buffers.hits;
        int[] indexes = buffers.stripes(hits.size() + due.size());
        int count = 0;
        for (Hit hit : hits) {
            if (hit.key != null) {
                indexes[count++] = stripes.stripeOf(hit.key);
            }
        }
        for (Confirmations.Due d : due) {
            indexes[count++] = stripes.stripeOf(d.key());
        }
        lockedStripes = stripes.lockAll(indexes, count);
        try {
            long lateness = engine.lateness();
            StepContext context = new StepContext();
            for (Confirmations.Due d : due) {
                RuleProgram rule = d.key().rule;
                if (rule.retired) {
                    continue;
                }
                Touched t = touch(d.key());
                t.state = t.state.fold(rule.machine, engine.clocks().committed(d.host()) - lateness, true, context);
                emit(ordinalOf(rule), rule, d.key(), context);
            }
            // every key's stored state and every host's clock looked up before any hit is worked on: independent
            // lookups whose cache misses the processor overlaps, where looking each up as its hit comes waits for them
            // one at a time
            Object[] stored = buffers.stored(hits.size());
            HostClocks clocks = engine.clocks();
            for (int k = 0; k < hits.size(); k++) {
                Hit hit = hits.get(k);
                if (hit.key != null) {
                    stored[k] = hit.key.rule.store.pendingOf(hit.key);
                    if (hit.hostCommitted == Hit.UNKNOWN) {
                        hit.hostCommitted = clocks.committedOf(hit.event);
                    }
                }
            }
            List<Event[]> replaced = new ArrayList<>();
            for (int k = 0; k < hits.size(); k++) {
                Hit hit = hits.get(k);
                RuleProgram rule = hit.rule;
                if (rule.retired) {
                    continue;
                }
                int ordinal = hit.ordinal;
                if (rule.machine == null) {
                    addMatch(ordinal, rule, null, new Event[] {hit.event});
                    continue;
                }
                Touched t = touch(hit.key, stored[k]);
                KeyState state = t.state.fold(rule.machine, hit.hostCommitted - lateness, true, context);
                if (hit.event.timestampNanos() < state.foldedBefore) {
                    // only an event whose key spans hosts can get here: its own host's clock accepted it
                    count(ordinal, RuleCounterCells.LATE, 1);
                } else if (state.inOrder(hit.event)) {
                    state = state.append(rule.machine, hit.event, hit.stages, context);
                } else {
                    state = state.insert(rule.machine, hit.event, hit.stages, context, replaced);
                    for (Event[] gone : replaced) {
                        superseded.add(MatchIds.of(rule.ruleId(), List.of(gone)));
                        count(ordinal, RuleCounterCells.SUPERSEDED, 1);
                    }
                    replaced.clear();
                }
                t.state = state;
                emit(ordinal, rule, hit.key, context);
            }
            writeBack();
        } catch (RuntimeException | Error e) {
            done = true;
            rollback();
            release();
            throw e;
        }
    }

    private Touched touch(PartialKey key) {
        Touched t = touched.get(key);
        return t != null ? t : first(key, key.rule.store.pendingOf(key));
    }

    /** As {@link #touch(PartialKey)}, with what the store held for the key looked up already. */
    private Touched touch(PartialKey key, Object stored) {
        Touched t = touched.get(key);
        return t != null ? t : first(key, stored);
    }

    /** The batch's first touch of a key, which held {@code before} in its store. */
    private Touched first(PartialKey key, Object before) {
        Touched t = new Touched(key, before, KeyState.decode(before, key.rule.machine));
        touched.put(key, t);
        PartialMatchStore store = key.rule.store;
        if (stores == null) {
            stores = new ArrayList<>(2);
        }
        if (!stores.contains(store)) {
            stores.add(store);
        }
        return t;
    }

    private void emit(int ordinal, RuleProgram rule, PartialKey key, StepContext context) {
        for (Event[] completed : context.completions) {
            addMatch(ordinal, rule, key, completed);
        }
        count(ordinal, RuleCounterCells.EXPIRED, context.expiredByMaxspan);
        count(ordinal, RuleCounterCells.REJECTED_MISSING, context.rejectedByMissing);
        context.clear();
    }

    private void addMatch(int ordinal, RuleProgram rule, PartialKey key, Event[] completed) {
        List<Event> matched = List.of(completed);
        matches.add(new Match(MatchIds.of(rule.ruleId(), matched), rule.ruleId(), rule.revision(),
                key == null ? List.of() : key.values(), matched));
        count(ordinal, RuleCounterCells.MATCHES, 1);
    }

    private void count(int ordinal, int kind, long amount) {
        if (amount != 0 && ordinal >= 0) {
            buffers.count(ordinal, kind, amount);
        }
    }

    private int ordinalOf(RuleProgram rule) {
        RuleProgram[] all = rules.rules;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == rule) {
                return i;
            }
        }
        return -1;
    }

    private void writeBack() {
        Map<RuleProgram, long[]> reserved = reserveRoom();
        try {
            keepAll();
        } finally {
            reserved.forEach((rule, count) -> engine.budget().added(rule.store, count[0]));
        }
        cleanUpStores();
    }

    /** Runs the maintenance of the stores this batch used: their evictions are counted before the batch returns. */
    private void cleanUpStores() {
        if (stores == null) {
            return;
        }
        for (PartialMatchStore store : stores) {
            store.cleanUp();
        }
    }

    private void keepAll() {
        for (Touched t : touched.values()) {
            RuleProgram rule = t.key.rule;
            Machine machine = rule.machine;
            Object encoded = t.state.encode(machine);
            if (encoded == t.before) {
                continue;
            }
            Object previous = rule.store.keep(t.key, encoded);
            rule.pending.add(KeyState.pending(encoded, machine) - KeyState.pending(previous, machine));
            if (encoded instanceof KeyState state && !rule.retired) {
                long deadline = machine.nextDeadline(state.current);
                if (deadline != Long.MAX_VALUE) {
                    Event any = KeyState.anyEvent(state, machine);
                    if (any != null) {
                        offered.add(new Confirmations.Due(deadline, t.key, engine.clocks().hostOf(any)));
                    }
                }
            }
        }
    }

    /**
     * Asks the budget for room for the keys this batch adds to each rule's store, before adding them; returns what it
     * reserved, per rule.
     */
    private Map<RuleProgram, long[]> reserveRoom() {
        Map<RuleProgram, long[]> reserved = new java.util.IdentityHashMap<>();
        for (Touched t : touched.values()) {
            if (t.before == null && t.state.encode(t.key.rule.machine) != null) {
                reserved.computeIfAbsent(t.key.rule, r -> new long[1])[0]++;
            }
        }
        reserved.forEach((rule, count) -> engine.budget().reserve(rule.store, count[0]));
        return reserved;
    }

    /** Makes this batch's effects final: advances its hosts' clocks, publishes counters, releases the locks. */
    public void commit() {
        if (done) {
            throw new IllegalStateException("batch already " + (committed ? "committed" : "closed"));
        }
        done = true;
        committed = true;
        engine.clocks().commit(buffers.events, buffers.late, size);
        engine.confirmations().offerAll(offered);
        RuleProgram[] all = rules.rules;
        buffers.countSeen(rules);
        long[] counts = buffers.counts;
        for (int r = 0; r < all.length; r++) {
            for (int kind = 0; kind < RuleCounterCells.KINDS; kind++) {
                all[r].counters.add(kind, counts[r * RuleCounterCells.KINDS + kind]);
            }
        }
        release();
        engine.afterCommit();
    }

    /** Rolls back unless committed: the store is as if this batch never came. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        rollback();
        release();
    }

    private void rollback() {
        for (Touched t : touched.values()) {
            RuleProgram rule = t.key.rule;
            Object previous = rule.store.keep(t.key, t.before);
            rule.pending.add(KeyState.pending(t.before, rule.machine) - KeyState.pending(previous, rule.machine));
        }
        touched.clear();
        offered.clear();
        cleanUpStores();
        engine.confirmations().offerAll(due);
    }

    private void release() {
        if (lockedStripes > 0) {
            engine.stripes().unlockAll(buffers.stripes, lockedStripes);
        }
        lockedStripes = 0;
        engine.recycle(buffers, size);
    }
}
