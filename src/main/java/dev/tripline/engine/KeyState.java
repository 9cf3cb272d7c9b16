package dev.tripline.engine;

import dev.tripline.engine.Machine.Snapshot;
import dev.tripline.event.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the engine keeps for one (rule, join key): the machine's current snapshot, and, for events that may
 * still arrive late, the recent <em>history</em> of relevant events with the snapshot before it (the
 * <em>base</em>). An in-order event steps the current snapshot; a late one is inserted into the history and the
 * snapshot is rebuilt by replaying base and history in time order, so the result is the one sorted delivery gives.
 * History older than the lateness bound folds into the base; a state with nothing left is forgotten.
 *
 * <p>The commonest state, one partial holding one event, is stored as the bare {@link Event}; see
 * {@link #decode} and {@link #encode}.
 */
final class KeyState {

    /**
     * At most this many events of history per key: a key hit far more often than that within the lateness window
     * (brute force against one account, say) folds its older half early, and events late enough to land before
     * the fold are refused for that key (counted as late) instead of costing a replay of thousands of events.
     */
    static final int MAX_HISTORY = 1024;

    private static final Event[] NO_EVENTS = new Event[0];
    private static final int[] NO_HITS = new int[0];

    final Snapshot base;
    /** relevant events since the base, in (event time, arrival) order */
    final Event[] history;
    final int[] hits;
    final Snapshot current;
    /** events before this time cannot be inserted any more (they were folded into the base) */
    final long foldedBefore;

    KeyState(Snapshot base, Event[] history, int[] hits, Snapshot current, long foldedBefore) {
        this.base = base;
        this.history = history;
        this.hits = hits;
        this.current = current;
        this.foldedBefore = foldedBefore;
    }

    static KeyState empty(Machine machine) {
        return new KeyState(machine.empty(), NO_EVENTS, NO_HITS, machine.empty(), Long.MIN_VALUE);
    }

    /** The stored form back to a state ({@code null} = nothing stored). */
    static KeyState decode(Object stored, Machine machine) {
        if (stored == null) {
            return empty(machine);
        }
        if (stored instanceof Event event) {
            return new KeyState(machine.empty(), new Event[] {event}, new int[] {machine.soleStartHits()},
                    machine.soleStart(event), Long.MIN_VALUE);
        }
        return (KeyState) stored;
    }

    /** The form to store: {@code null} when nothing is left, the bare event for the sole-start shape. */
    Object encode(Machine machine) {
        if (history.length == 0 && current.isEmpty() && base.isEmpty()) {
            return null;
        }
        if (history.length == 1 && foldedBefore == Long.MIN_VALUE && hits[0] == machine.soleStartHits()
                && hits[0] != 0 && base.isEmpty() && machine.isSoleStart(current, history[0])) {
            return history[0];
        }
        return this;
    }

    static int pending(Object stored, Machine machine) {
        if (stored == null) {
            return 0;
        }
        if (stored instanceof Event) {
            return 1;
        }
        return ((KeyState) stored).current.pending();
    }

    /** An event of this state, to find the host whose clock expires it. */
    static Event anyEvent(Object stored, Machine machine) {
        if (stored instanceof Event event) {
            return event;
        }
        KeyState state = (KeyState) stored;
        if (state.history.length > 0) {
            return state.history[0];
        }
        Event e = machine.anyEvent(state.current);
        return e != null ? e : machine.anyEvent(state.base);
    }

    /**
     * Moves history before {@code bound} into the base, drops what can no longer match, and (when {@code confirm})
     * completes candidates whose missing-event window {@code bound} has passed. Counts expiries and emits
     * confirmations into {@code context}.
     */
    KeyState fold(Machine machine, long bound, boolean confirm, StepContext context) {
        if (bound <= foldedBefore) {
            return this;
        }
        int k = 0;
        while (k < history.length && history[k].timestampNanos() < bound) {
            k++;
        }
        Snapshot newBase = base;
        for (int i = 0; i < k; i++) {
            newBase = machine.step(newBase, history[i], hits[i], StepContext.DISCARD);
        }
        newBase = machine.prune(newBase, bound, StepContext.DISCARD);
        Snapshot newCurrent = machine.prune(current, bound, context);
        if (confirm) {
            newBase = machine.confirm(newBase, bound, StepContext.DISCARD);
            newCurrent = machine.confirm(newCurrent, bound, context);
        }
        if (k == 0 && newBase == base && newCurrent == current) {
            return this;
        }
        Event[] newHistory = k == 0 ? history : Arrays.copyOfRange(history, k, history.length);
        int[] newHits = k == 0 ? hits : Arrays.copyOfRange(hits, k, hits.length);
        return new KeyState(newBase, newHistory, newHits, newCurrent, bound);
    }

    /** This state with its events moved as {@code relocation} says (a sweep's); this same state when none moved. */
    KeyState relocate(Machine machine, Relocation relocation) {
        Event[] newHistory = relocation.events(history);
        Snapshot newBase = machine.relocate(base, relocation);
        Snapshot newCurrent = machine.relocate(current, relocation);
        if (newHistory == history && newBase == base && newCurrent == current) {
            return this;
        }
        return new KeyState(newBase, newHistory, hits, newCurrent, foldedBefore);
    }

    /** Whether {@code event} comes at or after every event of this state (the fast path). */
    boolean inOrder(Event event) {
        return history.length == 0 || event.timestampNanos() >= history[history.length - 1].timestampNanos();
    }

    /** Applies an event that comes after all history. */
    KeyState append(Machine machine, Event event, int eventHits, StepContext context) {
        Snapshot next = machine.step(current, event, eventHits, context);
        Event[] newHistory = Arrays.copyOf(history, history.length + 1);
        newHistory[history.length] = event;
        int[] newHits = Arrays.copyOf(hits, hits.length + 1);
        newHits[hits.length] = eventHits;
        KeyState appended = new KeyState(base, newHistory, newHits, next, foldedBefore);
        if (newHistory.length > MAX_HISTORY) {
            return appended.fold(machine, newHistory[newHistory.length / 2].timestampNanos(), false,
                    StepContext.DISCARD);
        }
        return appended;
    }

    /**
     * Inserts a late event after every history event at or before its time and replays. Matches that the replay
     * forms and the old history did not go to {@code context}; those the old history formed and the replay does not
     * are returned as superseded.
     */
    KeyState insert(Machine machine, Event event, int eventHits, StepContext context, List<Event[]> superseded) {
        long time = event.timestampNanos();
        int at = history.length;
        while (at > 0 && history[at - 1].timestampNanos() > time) {
            at--;
        }
        Event[] newHistory = new Event[history.length + 1];
        int[] newHits = new int[hits.length + 1];
        System.arraycopy(history, 0, newHistory, 0, at);
        System.arraycopy(hits, 0, newHits, 0, at);
        newHistory[at] = event;
        newHits[at] = eventHits;
        System.arraycopy(history, at, newHistory, at + 1, history.length - at);
        System.arraycopy(hits, at, newHits, at + 1, hits.length - at);

        StepContext before = new StepContext();
        replay(machine, base, history, hits, before);
        StepContext after = new StepContext();
        Snapshot replayed = replay(machine, base, newHistory, newHits, after);
        for (Event[] match : after.completions) {
            if (!containsSame(before.completions, match)) {
                context.complete(match);
            }
        }
        for (Event[] match : before.completions) {
            if (!containsSame(after.completions, match)) {
                superseded.add(match);
            }
        }
        context.expiredByMaxspan += Math.max(0, after.expiredByMaxspan - before.expiredByMaxspan);
        context.rejectedByMissing += Math.max(0, after.rejectedByMissing - before.rejectedByMissing);
        return new KeyState(base, newHistory, newHits, replayed, foldedBefore);
    }

    private static Snapshot replay(Machine machine, Snapshot from, Event[] events, int[] eventHits, StepContext context) {
        Snapshot s = from;
        for (int i = 0; i < events.length; i++) {
            s = machine.step(s, events[i], eventHits[i], context);
        }
        return s;
    }

    private static boolean containsSame(List<Event[]> matches, Event[] match) {
        for (Event[] candidate : matches) {
            if (sameEvents(candidate, match)) {
                return true;
            }
        }
        return false;
    }

    static boolean sameEvents(Event[] a, Event[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** For tests and diagnostics: the history's events. */
    List<Event> historyEvents() {
        return new ArrayList<>(Arrays.asList(history));
    }
}
