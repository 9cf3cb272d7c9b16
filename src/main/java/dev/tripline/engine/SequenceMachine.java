package dev.tripline.engine;

import dev.tripline.eql.CompiledStage;
import dev.tripline.event.Event;
import java.util.Arrays;
import java.util.List;

/**
 * Elasticsearch EQL sequence semantics for one join key.
 *
 * <ul>
 *   <li>{@code with runs=N} is N consecutive copies of a stage; the copies are the machine's <em>positions</em>.</li>
 *   <li>One pending partial per positive position: a newer candidate replaces the older one (A1 A2 B C gives
 *       [A2 B C]; A1 B1 A2 B2 C gives [A2 B2 C]).</li>
 *   <li>An event is applied to the positions it hits from the highest down, so it never advances a partial twice,
 *       though it may advance one partial and start another.</li>
 *   <li>Advancing takes the partial out of its slot; a completed partial is consumed.</li>
 *   <li>{@code maxspan} runs from the first event to the last and is inclusive; a partial past it is rejected when
 *       something tries to advance it.</li>
 *   <li>{@code until} drops every pending partial of the key before the event's own stages are applied.</li>
 *   <li>Missing-event stages ({@code ![...]}) are checked when a candidate completes, as Elasticsearch does: none
 *       strictly between the neighbouring events; a leading one no closer than maxspan to the last event; a trailing
 *       one no closer than maxspan to the first (with both, their distance decides). A trailing check can only pass
 *       once event time has moved beyond its window, so such candidates wait ({@link #confirm}).</li>
 * </ul>
 */
final class SequenceMachine implements Machine {

    private final int positives;
    /** positiveStage[j]: the query stage of the j-th positive position */
    private final int[] positiveStage;
    private final long maxspan;
    private final int untilBit;
    private final int missingStages;
    private final int leadingMissing;
    private final int trailingMissing;
    /** gapMissing[j]: the missing stages between positive positions j and j+1 */
    private final int[] gapMissing;
    private final int soleStartHits;
    private final State empty;

    SequenceMachine(List<CompiledStage> stages, long maxspanNanos, int untilBit) {
        int positions = 0;
        for (CompiledStage stage : stages) {
            positions += stage.runs();
        }
        int[] stageAt = new int[positions];
        boolean[] missingAt = new boolean[positions];
        int p = 0;
        int missing = 0;
        for (int s = 0; s < stages.size(); s++) {
            CompiledStage stage = stages.get(s);
            if (stage.missing()) {
                missing |= 1 << s;
            }
            for (int r = 0; r < stage.runs(); r++) {
                stageAt[p] = s;
                missingAt[p] = stage.missing();
                p++;
            }
        }
        int count = 0;
        for (boolean m : missingAt) {
            count += m ? 0 : 1;
        }
        this.positives = count;
        this.positiveStage = new int[count];
        this.gapMissing = new int[Math.max(0, count - 1)];
        int leading = 0;
        int trailing = 0;
        int j = -1;
        for (int q = 0; q < positions; q++) {
            if (!missingAt[q]) {
                positiveStage[++j] = stageAt[q];
            } else if (j < 0) {
                leading |= 1 << stageAt[q];
            }
        }
        for (int q = positions - 1; q >= 0 && missingAt[q]; q--) {
            trailing |= 1 << stageAt[q];
        }
        j = -1;
        for (int q = 0; q < positions; q++) {
            if (!missingAt[q]) {
                j++;
            } else if (j >= 0 && j < count - 1) {
                gapMissing[j] |= 1 << stageAt[q];
            }
        }
        this.missingStages = missing;
        this.leadingMissing = leading;
        this.trailingMissing = trailing;
        this.maxspan = maxspanNanos;
        this.untilBit = untilBit;
        this.empty = new State(new Partial[Math.max(0, count - 1)], NO_EVENTS, NO_MASKS, NO_WAITING);
        boolean soleStartShape = count >= 2 && !missingAt[0] && positiveStage[1] != positiveStage[0];
        this.soleStartHits = soleStartShape ? 1 << positiveStage[0] : 0;
    }

    boolean hasLeadingMissing() {
        return leadingMissing != 0;
    }

    boolean hasTrailingMissing() {
        return trailingMissing != 0;
    }

    int positiveCount() {
        return positives;
    }

    private static final Event[] NO_EVENTS = new Event[0];
    private static final int[] NO_MASKS = new int[0];
    private static final Waiting[] NO_WAITING = new Waiting[0];

    /** A completed candidate waiting for event time to pass its trailing missing-event window. */
    record Waiting(Event[] events, long lastNanos, long windowStart, long deadline) {
    }

    static final class State implements Snapshot {
        /** slots[j]: the partial that has filled positive positions 0..j */
        final Partial[] slots;
        /** events of missing-event stages, in time order, with the stages each hit */
        final Event[] missing;
        final int[] missingHits;
        final Waiting[] waiting;

        State(Partial[] slots, Event[] missing, int[] missingHits, Waiting[] waiting) {
            this.slots = slots;
            this.missing = missing;
            this.missingHits = missingHits;
            this.waiting = waiting;
        }

        @Override
        public int pending() {
            int n = waiting.length;
            for (Partial slot : slots) {
                if (slot != null) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public boolean isEmpty() {
            return missing.length == 0 && pending() == 0;
        }
    }

    @Override
    public Snapshot relocate(Snapshot snapshot, Relocation relocation) {
        State state = (State) snapshot;
        Partial[] slots = state.slots;
        for (int j = 0; j < slots.length; j++) {
            Partial moved = relocation.partial(slots[j]);
            if (moved != slots[j]) {
                if (slots == state.slots) {
                    slots = slots.clone();
                }
                slots[j] = moved;
            }
        }
        Event[] missing = relocation.events(state.missing);
        Waiting[] waiting = state.waiting;
        for (int w = 0; w < waiting.length; w++) {
            Event[] events = relocation.events(waiting[w].events());
            if (events != waiting[w].events()) {
                if (waiting == state.waiting) {
                    waiting = waiting.clone();
                }
                Waiting old = waiting[w];
                waiting[w] = new Waiting(events, old.lastNanos(), old.windowStart(), old.deadline());
            }
        }
        if (slots == state.slots && missing == state.missing && waiting == state.waiting) {
            return state;
        }
        return new State(slots, missing, state.missingHits, waiting);
    }

    @Override
    public Snapshot empty() {
        return empty;
    }

    @Override
    public Snapshot step(Snapshot snapshot, Event event, int hits, StepContext context) {
        State state = (State) snapshot;
        Partial[] slots = state.slots;
        Event[] missing = state.missing;
        int[] missingHits = state.missingHits;
        Waiting[] waiting = state.waiting;
        long time = event.timestampNanos();

        if ((hits & untilBit) != 0 && hasPartials(slots)) {
            slots = new Partial[slots.length];
        }
        int missingHit = hits & missingStages;
        if (missingHit != 0) {
            missing = Arrays.copyOf(missing, missing.length + 1);
            missing[missing.length - 1] = event;
            missingHits = Arrays.copyOf(missingHits, missingHits.length + 1);
            missingHits[missingHits.length - 1] = missingHit;
            if ((missingHit & trailingMissing) != 0 && waiting.length > 0) {
                waiting = decideWaiting(waiting, time, context);
            }
        }
        boolean copied = slots != state.slots;
        for (int j = positives - 1; j >= 0; j--) {
            if ((hits & (1 << positiveStage[j])) == 0) {
                continue;
            }
            Partial advanced;
            if (j == 0) {
                advanced = new Partial(event, null);
            } else {
                Partial previous = slots[j - 1];
                if (previous == null) {
                    continue;
                }
                if (!copied) {
                    slots = slots.clone();
                    copied = true;
                }
                slots[j - 1] = null;
                if (maxspan > 0 && time - previous.firstNanos > maxspan) {
                    context.expired(1);
                    continue;
                }
                advanced = new Partial(event, previous);
            }
            if (j == positives - 1) {
                waiting = complete(advanced, missing, missingHits, waiting, context);
            } else {
                if (!copied) {
                    slots = slots.clone();
                    copied = true;
                }
                slots[j] = advanced;
            }
        }
        if (slots == state.slots && missing == state.missing && waiting == state.waiting) {
            return state;
        }
        return new State(slots, missing, missingHits, waiting);
    }

    private static boolean hasPartials(Partial[] slots) {
        for (Partial slot : slots) {
            if (slot != null) {
                return true;
            }
        }
        return false;
    }

    private Waiting[] complete(Partial partial, Event[] missing, int[] missingHits, Waiting[] waiting,
            StepContext context) {
        Event[] events = partial.toArray();
        if (missingStages == 0) {
            context.complete(events);
            return waiting;
        }
        for (int j = 0; j < gapMissing.length; j++) {
            if (gapMissing[j] != 0 && anyBetween(missing, missingHits, gapMissing[j], events[j].timestampNanos(),
                    events[j + 1].timestampNanos())) {
                context.rejectedByMissing++;
                return waiting;
            }
        }
        long first = events[0].timestampNanos();
        long last = events[events.length - 1].timestampNanos();
        long lastLeading = Long.MIN_VALUE;
        if (leadingMissing != 0) {
            for (int i = 0; i < missing.length; i++) {
                long t = missing[i].timestampNanos();
                if ((missingHits[i] & leadingMissing) != 0 && t < first && t > lastLeading) {
                    lastLeading = t;
                }
            }
        }
        boolean noLeading = lastLeading == Long.MIN_VALUE;
        if (trailingMissing == 0) {
            if (noLeading || exceedsMaxspan(lastLeading, last)) {
                context.complete(events);
            } else {
                context.rejectedByMissing++;
            }
            return waiting;
        }
        if (leadingMissing != 0 && noLeading) {
            context.complete(events);
            return waiting;
        }
        long windowStart = leadingMissing != 0 ? lastLeading : first;
        long deadline = windowStart + maxspan;
        if (deadline < last) {
            // any trailing event comes after the last one, so beyond the window already
            context.complete(events);
            return waiting;
        }
        Waiting[] more = Arrays.copyOf(waiting, waiting.length + 1);
        more[waiting.length] = new Waiting(events, last, windowStart, deadline);
        return more;
    }

    private Waiting[] decideWaiting(Waiting[] waiting, long time, StepContext context) {
        Waiting[] kept = null;
        int n = 0;
        for (Waiting w : waiting) {
            if (time <= w.lastNanos()) {
                if (kept == null) {
                    kept = new Waiting[waiting.length];
                }
                kept[n++] = w;
                continue;
            }
            if (exceedsMaxspan(w.windowStart(), time)) {
                context.complete(w.events());
            } else {
                context.rejectedByMissing++;
            }
        }
        return kept == null ? NO_WAITING : Arrays.copyOf(kept, n);
    }

    private boolean exceedsMaxspan(long from, long to) {
        return maxspan > 0 && to - from > maxspan;
    }

    private static boolean anyBetween(Event[] missing, int[] hits, int stages, long after, long before) {
        for (int i = 0; i < missing.length; i++) {
            long t = missing[i].timestampNanos();
            if ((hits[i] & stages) != 0 && t > after && t < before) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Snapshot prune(Snapshot snapshot, long bound, StepContext context) {
        State state = (State) snapshot;
        Partial[] slots = state.slots;
        long oldestFirst = Long.MAX_VALUE;
        if (maxspan > 0) {
            for (int j = 0; j < slots.length; j++) {
                Partial p = slots[j];
                if (p != null && p.firstNanos + maxspan < bound) {
                    if (slots == state.slots) {
                        slots = slots.clone();
                    }
                    slots[j] = null;
                    context.expired(1);
                }
            }
        }
        for (Partial p : slots) {
            if (p != null) {
                oldestFirst = Math.min(oldestFirst, p.firstNanos);
            }
        }
        for (Waiting w : state.waiting) {
            oldestFirst = Math.min(oldestFirst, w.windowStart());
        }
        Event[] missing = state.missing;
        int[] missingHits = state.missingHits;
        if (missing.length > 0) {
            // a leading missing event reaches back at most maxspan before the candidate's last event
            long keepFrom = maxspan > 0 ? Math.min(oldestFirst, bound - maxspan) : oldestFirst;
            int drop = 0;
            while (drop < missing.length && missing[drop].timestampNanos() < keepFrom) {
                drop++;
            }
            if (drop > 0) {
                missing = Arrays.copyOfRange(missing, drop, missing.length);
                missingHits = Arrays.copyOfRange(missingHits, drop, missingHits.length);
            }
        }
        if (slots == state.slots && missing == state.missing) {
            return state;
        }
        return new State(slots, missing, missingHits, state.waiting);
    }

    @Override
    public Snapshot confirm(Snapshot snapshot, long bound, StepContext context) {
        State state = (State) snapshot;
        if (state.waiting.length == 0) {
            return state;
        }
        Waiting[] kept = new Waiting[state.waiting.length];
        int n = 0;
        for (Waiting w : state.waiting) {
            if (w.deadline() < bound) {
                context.complete(w.events());
            } else {
                kept[n++] = w;
            }
        }
        if (n == state.waiting.length) {
            return state;
        }
        return new State(state.slots, state.missing, state.missingHits, Arrays.copyOf(kept, n));
    }

    @Override
    public Snapshot finish(Snapshot snapshot, StepContext context) {
        return confirm(snapshot, Long.MAX_VALUE, context);
    }

    @Override
    public long nextDeadline(Snapshot snapshot) {
        long next = Long.MAX_VALUE;
        for (Waiting w : ((State) snapshot).waiting) {
            next = Math.min(next, w.deadline());
        }
        return next;
    }

    @Override
    public Event anyEvent(Snapshot snapshot) {
        State state = (State) snapshot;
        for (Partial slot : state.slots) {
            if (slot != null) {
                return slot.event;
            }
        }
        if (state.waiting.length > 0) {
            return state.waiting[0].events()[0];
        }
        return state.missing.length > 0 ? state.missing[0] : null;
    }

    @Override
    public int soleStartHits() {
        return soleStartHits;
    }

    @Override
    public Snapshot soleStart(Event event) {
        Partial[] slots = new Partial[positives - 1];
        slots[0] = new Partial(event, null);
        return new State(slots, NO_EVENTS, NO_MASKS, NO_WAITING);
    }

    @Override
    public boolean isSoleStart(Snapshot snapshot, Event event) {
        State state = (State) snapshot;
        if (state.missing.length != 0 || state.waiting.length != 0) {
            return false;
        }
        Partial first = state.slots[0];
        if (first == null || first.event != event || first.previous != null) {
            return false;
        }
        for (int j = 1; j < state.slots.length; j++) {
            if (state.slots[j] != null) {
                return false;
            }
        }
        return true;
    }
}
