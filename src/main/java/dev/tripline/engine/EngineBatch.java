package dev.tripline.engine;

import dev.tripline.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of one evaluated batch: its matches, and its effects on the partial-match store, which stay tentative
 * until {@link #commit()} makes them final or {@link #close()} rolls them back. Not for sharing between threads while
 * open, but it may be committed or closed on another thread than the one that evaluated it.
 *
 * <p>Early lock release. A batch holds the lock stripes of its keys only while it works out and writes their new
 * states, not while its caller persists the matches (a database round trip and a log flush, many times longer). A
 * later batch that touches one of those keys meanwhile builds on the tentative state: it becomes a <em>later</em>
 * batch of this one, may {@linkplain #awaitEarlierBatches(Duration) commit only after this one has}, and is rolled
 * back with it if this one is rolled back (later batches first, each key back to what it held before the earliest
 * of them). So batches over the same keys overlap their persisting instead of queueing behind each other's, and the
 * store still only ever holds what a sequence of committed batches produced. Tracking is per lock stripe: two
 * batches on different keys of one stripe are ordered too, which costs a wait, never a wrong state.
 */
public final class EngineBatch implements AutoCloseable {

    private static final int OPEN = 0;
    private static final int COMMITTED = 1;
    private static final int ROLLED_BACK = 2;
    /** how long {@link #commit()} waits for earlier batches when its caller has not waited already */
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(30);

    private final DetectionEngine engine;
    private final Dispatch rules;
    private final BatchBuffers buffers;
    private final int size;
    private final List<Integer> lateIndexes;
    private final List<Confirmations.Due> due;
    private final List<Match> matches = new ArrayList<>();
    private final List<String> superseded = new ArrayList<>();
    /** the keys this batch changed, in the order it first touched them; filed by key in {@code buffers.touchedTable} */
    private final List<Touched> touched;
    private final List<Confirmations.Due> offered = new ArrayList<>();
    /**
     * the stores this batch read or wrote, each once: their maintenance runs when the batch is through with them;
     * {@code null} until the first (a batch of events that hit no stage allocates nothing for it)
     */
    private List<PartialMatchStore> stores;
    /** the stripes this batch took, in {@code buffers.stripes[0..stripeCount)} until it commits or rolls back */
    private int stripeCount;
    /** when this batch took its stripes, among all batches: a later batch has a higher number */
    private long sequence;
    /** the open batches whose tentative states this one read (set while applying, then only read) */
    private List<EngineBatch> earlier = List.of();
    /** the batches that read this one's tentative states; guarded by this, null once this batch is settled */
    private List<EngineBatch> later;
    /** OPEN, COMMITTED or ROLLED_BACK; guarded by this, waited for by later batches */
    private int state = OPEN;
    /** whether the rollback was this batch's own (closed, or failed while applying), not an earlier batch's */
    private boolean closedByOwner;
    /** whether the working buffers went back to the engine's pool (by the owner's thread only) */
    private boolean released;

    /** One key this batch changed: what it held before (to roll back) and what it holds now. */
    static final class Touched {
        final PartialKey key;
        final Object before;
        KeyState state;
        /** where {@link BatchBuffers#touchedTable} files it */
        int slot;

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
        this.touched = buffers.touchedKeys(buffers.hits.size() + due.size());
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

    /**
     * Phase 2: take the touched keys' stripes in order, run the state machines, write the new states and release the
     * stripes, the batch named their writer.
     */
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
        boolean failed = true;
        engine.applying().lock();
        try {
            stripeCount = stripes.lockAll(indexes, count);
            sequence = engine.nextSequence();
            try {
                run(stripes);
                failed = false;
            } finally {
                stripes.unlockAll(indexes, stripeCount);
            }
        } finally {
            engine.applying().unlock();
            if (failed) {
                release();
            }
        }
    }

    private void run(LockStripes stripes) {
        int[] indexes = buffers.stripes;
        EngineBatch[] previous = buffers.previousWriters;
        for (int i = 0; i < stripeCount; i++) {
            EngineBatch w = stripes.writer(indexes[i]);
            previous[i] = w;
            if (w != null && w != this && !earlier.contains(w) && w.addLater(this)) {
                if (earlier.isEmpty()) {
                    earlier = new ArrayList<>(2);
                }
                earlier.add(w);
            }
        }
        List<Hit> hits = buffers.hits;
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
                        hit.hostCommitted = clocks.committedOfLane(buffers.hostLanes[hit.index]);
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
            // no later batch can have read this one's states: it still holds their stripes, and names itself their
            // writer only below
            undo();
            synchronized (this) {
                state = ROLLED_BACK;
                closedByOwner = true;
                later = null;
                notifyAll();
            }
            throw e;
        }
        if (!touched.isEmpty()) {
            for (int i = 0; i < stripeCount; i++) {
                stripes.writer(indexes[i], this);
            }
        }
    }

    /** Registers a batch that read this one's tentative states; false if this one has settled meanwhile. */
    private synchronized boolean addLater(EngineBatch batch) {
        if (state != OPEN) {
            return false;
        }
        if (later == null) {
            later = new ArrayList<>(2);
        }
        later.add(batch);
        return true;
    }

    private Touched touch(PartialKey key) {
        Touched t = buffers.touchedOf(key);
        return t != null ? t : first(key, key.rule.store.pendingOf(key));
    }

    /** As {@link #touch(PartialKey)}, with what the store held for the key looked up already. */
    private Touched touch(PartialKey key, Object stored) {
        Touched t = buffers.touchedOf(key);
        return t != null ? t : first(key, stored);
    }

    /** The batch's first touch of a key, which held {@code before} in its store. */
    private Touched first(PartialKey key, Object before) {
        Touched t = new Touched(key, before, KeyState.decode(before, key.rule.machine));
        buffers.fileTouched(t);
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
        for (Touched t : touched) {
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
        for (Touched t : touched) {
            if (t.before == null && t.state.encode(t.key.rule.machine) != null) {
                reserved.computeIfAbsent(t.key.rule, r -> new long[1])[0]++;
            }
        }
        reserved.forEach((rule, count) -> engine.budget().reserve(rule.store, count[0]));
        return reserved;
    }

    /**
     * Whether one of this batch's matches is also a match of an open batch it builds on, directly or not: the same
     * events sent again while the first sending is still in flight (a client retrying before it had its answer).
     * Both batches then persist one alert id. If this batch inserted it first, the earlier batch's insert would wait
     * for this batch's transaction, and this batch for the earlier one to commit; so such a batch should
     * {@linkplain #awaitEarlierBatches(Duration) wait for its earlier batches} before it persists anything. Other
     * batches persist first and wait after, overlapping their database work.
     */
    public boolean repeatsAnEarlierMatch() {
        if (matches.isEmpty() || earlier.isEmpty()) {
            return false;
        }
        Set<String> ids = new HashSet<>();
        for (Match match : matches) {
            ids.add(match.id());
        }
        // the earlier batches' matches and their own earlier batches were set while they applied, before they
        // released the stripes this batch then took: safely published to this thread
        List<EngineBatch> visit = new ArrayList<>(earlier);
        Set<EngineBatch> seen = new HashSet<>(visit);
        while (!visit.isEmpty()) {
            EngineBatch batch = visit.remove(visit.size() - 1);
            if (!batch.open()) {
                continue;
            }
            for (Match match : batch.matches) {
                if (ids.contains(match.id())) {
                    return true;
                }
            }
            for (EngineBatch before : batch.earlier) {
                if (seen.add(before)) {
                    visit.add(before);
                }
            }
        }
        return false;
    }

    /**
     * Waits until every earlier batch whose tentative states this one built on has committed: call it before making
     * anything that depends on this batch durable (its matches may include events of those batches).
     *
     * @throws BatchAbandonedException if one of them was rolled back (and this batch with it), or has not settled
     *     within the timeout (then close this batch: it rolls back)
     */
    public void awaitEarlierBatches(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (EngineBatch e : earlier) {
            synchronized (e) {
                while (e.state == OPEN) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new BatchAbandonedException("an earlier batch this one builds on has not committed within "
                                + timeout.toMillis() + " ms");
                    }
                    try {
                        e.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new BatchAbandonedException("interrupted while waiting for an earlier batch to commit");
                    }
                }
            }
        }
        synchronized (this) {
            if (state == ROLLED_BACK && !closedByOwner) {
                throw new BatchAbandonedException(
                        "an earlier batch this one built on was rolled back; this batch was rolled back with it");
            }
        }
    }

    /**
     * Makes this batch's effects final once the earlier batches it built on have committed: advances its hosts'
     * clocks and publishes its counters.
     *
     * @throws BatchAbandonedException see {@link #awaitEarlierBatches(Duration)}
     */
    public void commit() {
        // a batch already committed or closed has no earlier batches left to wait for: the state check below says so
        awaitEarlierBatches(COMMIT_WAIT);
        synchronized (this) {
            if (state == ROLLED_BACK && !closedByOwner) {
                throw new BatchAbandonedException("an earlier batch this one built on was rolled back");
            }
            if (state != OPEN) {
                throw new IllegalStateException("batch already " + (state == COMMITTED ? "committed" : "closed"));
            }
            state = COMMITTED;
            closedByOwner = true;
            later = null;
            notifyAll();
        }
        earlier = List.of();
        engine.committed(this, buffers.stripes, stripeCount);
        engine.clocks().commit(buffers.hostLanes, buffers.times, buffers.late, size);
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

    /**
     * Rolls back unless committed: the store is as if this batch never came, and as if no later batch that built on
     * it had come either (those are rolled back too; their commit throws {@link BatchAbandonedException}).
     */
    @Override
    public void close() {
        boolean open;
        synchronized (this) {
            open = state == OPEN;
            if (state != COMMITTED) {
                closedByOwner = true;
            }
        }
        if (open) {
            engine.rollBack(this);
        }
        earlier = List.of();
        release();
    }

    /** Whether this batch has neither committed nor rolled back. */
    synchronized boolean open() {
        return state == OPEN;
    }

    /** Adds this batch and, transitively, the open batches that read its tentative states to {@code batches}. */
    void collectOpen(List<EngineBatch> batches) {
        List<EngineBatch> next;
        synchronized (this) {
            if (state != OPEN || batches.contains(this)) {
                return;
            }
            batches.add(this);
            next = later == null ? List.of() : new ArrayList<>(later);
        }
        for (EngineBatch batch : next) {
            batch.collectOpen(batches);
        }
    }

    long sequence() {
        return sequence;
    }

    /**
     * Puts back what each key held before this batch, and each stripe's writer before it (one that has committed
     * since: none). Part of {@link DetectionEngine#rollBack}, which runs it on later batches first.
     */
    void undo() {
        for (Touched t : touched) {
            RuleProgram rule = t.key.rule;
            Object previous = rule.store.keep(t.key, t.before);
            rule.pending.add(KeyState.pending(t.before, rule.machine) - KeyState.pending(previous, rule.machine));
        }
        buffers.clearTouched();
        offered.clear();
        cleanUpStores();
        engine.confirmations().offerAll(due);
        // only the stripes this batch still names (none if it failed before naming itself)
        LockStripes stripes = engine.stripes();
        for (int i = 0; i < stripeCount; i++) {
            int index = buffers.stripes[i];
            if (stripes.writer(index) == this) {
                EngineBatch previous = buffers.previousWriters[i];
                stripes.writer(index, previous != null && previous.open() ? previous : null);
            }
        }
    }

    /** The last step of a rollback: later batches waiting for this one learn that it will not commit. */
    synchronized void rolledBack() {
        state = ROLLED_BACK;
        later = null;
        notifyAll();
    }

    private void release() {
        if (!released) {
            released = true;
            engine.recycle(buffers, size, stripeCount);
        }
    }
}
