package dev.tripline.engine;

import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The streaming engine: many rules evaluated on batches of events as they arrive, partial matches kept per rule and
 * join key, completed sequences returned as {@link Match}es.
 *
 * <pre>{@code
 * try (EngineBatch batch = engine.evaluate(events)) {
 *     persist(batch.matches());   // make the alerts durable first...
 *     batch.commit();             // ...then the batch's effects on partial matches
 * }                               // closed without commit: as if the batch never came
 * }</pre>
 *
 * <p>Thread-safe without a global lock: a batch evaluates stage conditions without any lock, then takes the lock
 * stripes of the keys it touches (in a fixed order) while it works out and writes their new states. Batches on
 * different keys never wait for each other; a batch that builds on another's uncommitted states commits after it
 * and rolls back with it (see {@link EngineBatch}).
 *
 * <p>Event time: within a batch events are evaluated in {@code @timestamp} order, ties in arrival order. An event at
 * most the allowed lateness behind the newest event time committed for its host is evaluated as if it had arrived in
 * order (its key's recent history is replayed with it); matches emitted before that sorted delivery would not have
 * formed are reported as {@linkplain EngineBatch#superseded() superseded}. Later events are not evaluated and are
 * reported by index.
 */
public final class DetectionEngine {

    private static final long SWEEP_EVERY_NANOS = 60_000_000_000L;

    private final EngineSettings settings;
    private final long lateness;
    private final PendingBudget budget;
    private final HostClocks clocks;
    private final LockStripes stripes;
    private final Confirmations confirmations;
    private final Map<String, RuleCounterCells> counters = new ConcurrentHashMap<>();
    private final Object installs = new Object();
    private final ArrayBlockingQueue<BatchBuffers> buffers = new ArrayBlockingQueue<>(64);
    private final AtomicLong lastSweep = new AtomicLong(HostClocks.NEVER);
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final LongAdder sweeps = new LongAdder();
    private final LongAdder sweepNanos = new LongAdder();
    private final LongAdder eventsEvaluated = new LongAdder();
    private final LongAdder lateEvents = new LongAdder();
    /**
     * The stores' clock for idle expiry: the wall clock read once per batch (and per sweep), never going back. A
     * store reads its clock on every lookup and write; the wall clock costs a system-timer read each time, which also
     * stops the processor from overlapping the lookups' cache misses, and idle expiry is counted in minutes.
     */
    private final AtomicLong storeClock = new AtomicLong(Long.MIN_VALUE);
    private volatile Dispatch dispatch;
    /**
     * Batches apply under the read lock (they exclude each other by stripes only); a rollback takes the write lock,
     * so that no batch reads a state that the rollback is about to take back. Rollbacks are rare (the database
     * failing); applies take the read lock once per batch.
     */
    private final ReentrantReadWriteLock rollbacks = new ReentrantReadWriteLock();
    private final AtomicLong sequences = new AtomicLong();

    public DetectionEngine(EngineSettings settings) {
        this(settings, true);
    }

    /** {@code indexTerms} false: every stage of an event's categories is tried (to check the term index against). */
    DetectionEngine(EngineSettings settings, boolean indexTerms) {
        this.dispatch = indexTerms ? Dispatch.EMPTY : Dispatch.EMPTY_UNINDEXED;
        this.settings = settings;
        this.lateness = settings.allowedLatenessNanos();
        this.budget = new PendingBudget(settings.maxPendingKeys());
        this.clocks = new HostClocks(settings.hostField(), settings.maxHosts());
        this.stripes = new LockStripes(settings.lockStripes());
        this.confirmations = new Confirmations(lateness, clocks);
        if (settings.fields() != null) {
            settings.fields().partitionBy(settings.hostField());
        }
    }

    public EngineSettings settings() {
        return settings;
    }

    /**
     * Installs a rule, replacing (and dropping the pending partial matches of) an installed rule with the same id.
     *
     * @throws UnsupportedRuleException when the engine cannot run the rule as a stream
     */
    public void install(RuleSpec spec) {
        if (settings.fields() != null) {
            List<FieldPath> fields = new ArrayList<>(spec.query().fields());
            fields.addAll(spec.exclusion().fields());
            settings.fields().registerAll(fields);
            settings.fields().registerValues(spec.query().comparedStrings());
        }
        RuleCounterCells cells = counters.computeIfAbsent(spec.ruleId(), RuleCounterCells::new);
        RuleProgram program = new RuleProgram(spec, cells);
        if (program.machine != null) {
            tickStoreClock();
            program.store = new CaffeinePartialMatchStore(settings.maxPendingKeys(), settings.idleTimeout(),
                    storeClock::get, (key, state) -> evicted(program, state));
            budget.admit(program.store);
        }
        RuleProgram replaced;
        synchronized (installs) {
            replaced = dispatch.find(spec.ruleId());
            dispatch = dispatch.with(program);
            cells.revision = spec.revision();
            cells.pending = program.pending;
            if (replaced != null) {
                retire(replaced);
            }
        }
    }

    /** Removes a rule and drops its pending partial matches; returns whether it was installed. */
    public boolean uninstall(String ruleId) {
        synchronized (installs) {
            RuleProgram removed = dispatch.find(ruleId);
            if (removed == null) {
                return false;
            }
            dispatch = dispatch.without(ruleId);
            RuleCounterCells cells = counters.get(ruleId);
            cells.revision = -1;
            cells.pending = null;
            retire(removed);
        }
        return true;
    }

    /**
     * Drops a replaced or removed rule's partial matches: its store is discarded whole (however many keys it holds),
     * its capacity goes back to the budget, and its pending count to the dropped count. Batches still holding the old
     * rule leave it alone from now on (see {@link RuleProgram#retired}).
     */
    private void retire(RuleProgram rule) {
        rule.retired = true;
        rule.pending.retire();
        if (rule.store != null) {
            budget.release(rule.store);
        }
    }

    public List<String> installedRuleIds() {
        List<String> ids = new ArrayList<>();
        for (RuleProgram rule : dispatch.rules) {
            ids.add(rule.ruleId());
        }
        return ids;
    }

    private void evicted(RuleProgram rule, Object state) {
        int pending = KeyState.pending(state, rule.machine);
        rule.pending.add(-pending);
        if (!rule.retired) {
            rule.counters.evicted.add(pending);
        }
    }

    /**
     * Evaluates a batch. Its effects on the store stay tentative until it is committed or closed: persist its
     * matches, then {@link EngineBatch#commit()}; closing without committing rolls its effects back.
     */
    public EngineBatch evaluate(List<Event> events) {
        tickStoreClock();
        Dispatch rules = dispatch;
        BatchBuffers b = buffers.poll();
        if (b == null) {
            b = new BatchBuffers();
        }
        int n = events.size();
        b.prepare(n, rules);
        int[] order = EventOrder.sort(events, b.events, b.order, b.sortScratch);
        Event[] arrived = b.events;
        List<Integer> lateIndexes = List.of();
        int[] touched = b.touched;
        int[] ruleHits = b.ruleHits;
        // no host's clock is past the newest committed time: an event within the lateness of that is on time
        // whatever its host, and needs its host's clock only if it hits a stage (commit advances the clock then)
        long onTime = clocks.newest() - lateness;
        for (int k = 0; k < n; k++) {
            int i = order == null ? k : order[k];
            Event event = arrived[i];
            long time = event.timestampNanos();
            long lane = clocks.laneOf(event);
            b.hostLanes[i] = lane;
            b.times[i] = time;
            long committed = HostClocks.NEVER;
            boolean looked = false;
            boolean late = false;
            if (time < onTime) {
                committed = clocks.committedOfLane(lane);
                looked = true;
                late = time < committed - lateness;
            }
            if (late) {
                b.late[i] = true;
                if (lateIndexes.isEmpty()) {
                    lateIndexes = new ArrayList<>();
                }
                lateIndexes.add(i);
            }
            int probed = rules.probe(event, late, b);
            if (probed > 1) {
                // rules in install order, as without the term index: under memory pressure the order in which
                // rules store their keys decides which are evicted, and that must not depend on how stages are filed
                sortAscending(touched, probed);
            }
            Event retained = null;
            for (int t = 0; t < probed; t++) {
                int r = touched[t];
                int hits = ruleHits[r];
                ruleHits[r] = 0;
                if (late) {
                    b.count(r, RuleCounterCells.LATE, 1);
                    continue;
                }
                RuleProgram rule = rules.rules[r];
                b.count(r, RuleCounterCells.HITS, Integer.bitCount(hits));
                if (rule.exclusion.test(event)) {
                    b.count(r, RuleCounterCells.SUPPRESSED, 1);
                    continue;
                }
                // an event that cannot be late has its host's clock looked up with the other hits', all together
                long known = looked ? committed : Hit.UNKNOWN;
                if (rule.machine == null) {
                    b.hits.add(new Hit(i, r, rule, null, hits, event, known));
                    continue;
                }
                b.nullKeys[0] = 0;
                int keyed = rule.keyedHits(event, hits, b.keyValues, b.keys, b.keyMasks, b.nullKeys);
                b.count(r, RuleCounterCells.NULL_KEYS, b.nullKeys[0]);
                if (retained == null && keyed > 0) {
                    retained = settings.retain().retain(event);
                }
                for (int h = 0; h < keyed; h++) {
                    b.hits.add(new Hit(i, r, rule, b.keys[h], b.keyMasks[h], retained, known));
                    b.keys[h] = null;
                }
            }
        }
        eventsEvaluated.add(n - lateIndexes.size());
        lateEvents.add(lateIndexes.size());
        List<Confirmations.Due> due = confirmations.takeDue(clocks.newest());
        EngineBatch batch = new EngineBatch(this, rules, b, n, lateIndexes, due);
        batch.apply();
        return batch;
    }

    private void tickStoreClock() {
        storeClock.accumulateAndGet(settings.wallClock().getAsLong(), Math::max);
    }

    /** Insertion sort: an event hits the stages of a handful of rules at most. */
    private static void sortAscending(int[] values, int n) {
        for (int i = 1; i < n; i++) {
            int value = values[i];
            int j = i - 1;
            while (j >= 0 && values[j] > value) {
                values[j + 1] = values[j];
                j--;
            }
            values[j + 1] = value;
        }
    }

    /** How many installed stage conditions are filed under a required term (tests check the index against none). */
    int filedStages() {
        return dispatch.filedProbes();
    }

    // --- services for EngineBatch (package-private) ---

    PendingBudget budget() {
        return budget;
    }

    LockStripes stripes() {
        return stripes;
    }

    long lateness() {
        return lateness;
    }

    Confirmations confirmations() {
        return confirmations;
    }

    HostClocks clocks() {
        return clocks;
    }

    void recycle(BatchBuffers b, int events, int stripeCount) {
        b.release(events, stripeCount);
        buffers.offer(b);
    }

    Lock applying() {
        return rollbacks.readLock();
    }

    long nextSequence() {
        return sequences.incrementAndGet();
    }

    /** The batch has committed: it is no longer the writer of its stripes. */
    void committed(EngineBatch batch, int[] stripeIndexes, int count) {
        if (count == 0) {
            return;
        }
        // under the read lock: a rollback that puts a stripe's earlier writer back checks whether that has committed
        rollbacks.readLock().lock();
        try {
            for (int i = 0; i < count; i++) {
                stripes.committed(stripeIndexes[i], batch);
            }
        } finally {
            rollbacks.readLock().unlock();
        }
    }

    /**
     * Rolls back an open batch and every open batch that built on it, directly or not: later batches first, so that
     * each key ends up with what it held before the earliest of them.
     */
    void rollBack(EngineBatch first) {
        rollbacks.writeLock().lock();
        try {
            List<EngineBatch> batches = new ArrayList<>();
            first.collectOpen(batches);
            batches.sort((a, b) -> Long.compare(b.sequence(), a.sequence()));
            for (EngineBatch batch : batches) {
                batch.undo();
            }
            for (EngineBatch batch : batches) {
                batch.rolledBack();
            }
        } finally {
            rollbacks.writeLock().unlock();
        }
    }

    void afterCommit() {
        long newest = clocks.newest();
        long last = lastSweep.get();
        if (last == HostClocks.NEVER) {
            lastSweep.compareAndSet(last, newest);
        } else if (newest - last >= SWEEP_EVERY_NANOS && lastSweep.compareAndSet(last, newest)) {
            try {
                settings.sweeps().execute(this::sweep);
            } catch (RejectedExecutionException e) {
                // not now: the next commit that finds a sweep due asks again
                lastSweep.compareAndSet(newest, last);
            }
        } else if (settings.retain().sweepWanted()) {
            // the retention's reason (its store of kept events grew), not event time's: the clock of sweeps stays
            try {
                settings.sweeps().execute(this::sweep);
            } catch (RejectedExecutionException e) {
                // the next commit asks again
            }
        }
    }

    /**
     * Moves every idle key's history past the lateness bound into its base and forgets what event time has expired
     * (partials past maxspan, keys with nothing left); moves what is still kept where {@link EngineSettings#retain()}
     * wants it ({@link dev.tripline.event.EventRetention#keep}). Runs by itself every minute of event time (and when
     * the retention asks), where
     * {@link EngineSettings#sweeps()} says; the service may also schedule it. Safe alongside batches: keys a batch
     * holds are skipped, and one sweep runs at a time.
     */
    public void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        SweepPace pace = new SweepPace(settings.sweepShare());
        tickStoreClock();
        settings.retain().sweepStarting();
        Relocation relocation = new Relocation(settings.retain());
        rollbacks.readLock().lock();
        try {
            for (RuleProgram rule : dispatch.rules) {
                if (rule.store != null) {
                    rule.store.forEachKey(key -> {
                        sweep(rule, key, relocation);
                        pace.step();
                    });
                    rule.store.cleanUp();
                }
            }
            sweeps.increment();
            sweepNanos.add(pace.worked());
        } finally {
            rollbacks.readLock().unlock();
            sweeping.set(false);
        }
    }

    /**
     * How a sweep shares the machine ({@link EngineSettings#sweepShare()}): every {@link #KEYS} keys it looks at the
     * time, and once a slice of {@link #SLICE_NANOS} has been worked it rests in proportion, without the rollback lock.
     */
    private final class SweepPace {

        static final int KEYS = 256;
        static final long SLICE_NANOS = 1_000_000;

        private final double restPerWork;
        private final long started = System.nanoTime();
        private long sliceStarted = started;
        private long rested;
        private int keys;

        SweepPace(double share) {
            this.restPerWork = 1 / share - 1;
        }

        void step() {
            if (restPerWork == 0 || ++keys < KEYS) {
                return;
            }
            keys = 0;
            long now = System.nanoTime();
            long worked = now - sliceStarted;
            if (worked < SLICE_NANOS) {
                return;
            }
            rollbacks.readLock().unlock();
            try {
                LockSupport.parkNanos((long) (worked * restPerWork));
            } finally {
                rollbacks.readLock().lock();
            }
            sliceStarted = System.nanoTime();
            rested += sliceStarted - now;
        }

        /** The sweep's time so far, without its rests. */
        long worked() {
            return System.nanoTime() - started - rested;
        }
    }

    private void sweep(RuleProgram rule, PartialKey key, Relocation relocation) {
        int stripe = stripes.stripeOf(key);
        if (!stripes.tryLock(stripe)) {
            return;
        }
        try {
            if (stripes.writer(stripe) != null) {
                // a batch's tentative state: folding it would be undone by a rollback, and is not needed before commit
                return;
            }
            Object stored = rule.store.pendingOf(key);
            if (stored == null || rule.retired) {
                return;
            }
            Event any = KeyState.anyEvent(stored, rule.machine);
            long committed = any == null ? HostClocks.NEVER : clocks.committedOf(any);
            KeyState state = KeyState.decode(stored, rule.machine);
            StepContext context = new StepContext();
            // a forgotten host's key is not folded (its clock starts afresh), only moved
            KeyState folded = (committed == HostClocks.NEVER ? state
                    : state.fold(rule.machine, committed - lateness, false, context))
                    .relocate(rule.machine, relocation);
            if (folded != state) {
                Object encoded = folded.encode(rule.machine);
                Object previous = rule.store.keep(key, encoded);
                rule.pending.add(KeyState.pending(encoded, rule.machine) - KeyState.pending(previous, rule.machine));
                rule.counters.add(RuleCounterCells.EXPIRED, context.expiredByMaxspan);
            }
        } finally {
            stripes.unlock(stripe);
        }
    }

    /** The counters of one rule (installed now or before), if it was ever installed. */
    public Optional<RuleCounters> counters(String ruleId) {
        RuleCounterCells cells = counters.get(ruleId);
        return cells == null ? Optional.empty() : Optional.of(cells.snapshot());
    }

    /** The counters of every rule ever installed, removed ones with revision -1. */
    public List<RuleCounters> counters() {
        List<RuleCounters> all = new ArrayList<>();
        counters.values().forEach(cells -> all.add(cells.snapshot()));
        all.sort((a, b) -> a.ruleId().compareTo(b.ruleId()));
        return all;
    }

    /** Engine-wide figures. */
    public EngineCounters totals() {
        long keys = 0;
        for (RuleProgram rule : dispatch.rules) {
            if (rule.store != null) {
                keys += rule.store.size();
            }
        }
        return new EngineCounters(eventsEvaluated.sum(), lateEvents.sum(), keys, confirmations.size(), sweeps.sum(),
                sweepNanos.sum());
    }
}
