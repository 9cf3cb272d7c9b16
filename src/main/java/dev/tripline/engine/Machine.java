package dev.tripline.engine;

import dev.tripline.event.Event;

/**
 * The state machine of one rule, for one join key, as pure functions over immutable snapshots: the same functions
 * serve the streaming engine's fast path, its replay of history when an event arrives late, and one-shot searches.
 */
interface Machine {

    /** What one join key has pending; immutable. */
    interface Snapshot {

        /** Pending partial matches (and completed candidates still waiting for a missing-event stage to pass). */
        int pending();

        boolean isEmpty();
    }

    Snapshot empty();

    /**
     * Applies one event, at or after every event applied before, that hit the stages in {@code hits} (bit i = the
     * query's stage i, {@link RuleProgram#untilBit} = the {@code until} stage).
     */
    Snapshot step(Snapshot state, Event event, int hits, StepContext context);

    /**
     * Drops what no event at or after {@code bound} can use any more (partials older than maxspan, missing-stage
     * events no candidate can reach), counting expired partials into {@code context}.
     */
    Snapshot prune(Snapshot state, long bound, StepContext context);

    /**
     * Completes candidates that only waited for event time to pass their missing-event window: no event at or after
     * {@code bound} can break them any more.
     */
    Snapshot confirm(Snapshot state, long bound, StepContext context);

    /** End of data (a search): every candidate still waiting is confirmed. */
    Snapshot finish(Snapshot state, StepContext context);

    /** The earliest event time at which {@link #confirm} may complete something, or {@code Long.MAX_VALUE}. */
    long nextDeadline(Snapshot state);

    /** {@code state} with its events moved as {@code relocation} says; the same snapshot when none moved. */
    Snapshot relocate(Snapshot state, Relocation relocation);

    /** The event this snapshot can be told by (for the host whose clock expires it), or {@code null}. */
    Event anyEvent(Snapshot state);

    /**
     * The hit mask of an event that, on an empty state, leaves exactly one partial holding just that event (the
     * commonest pending state, stored as the bare event), or 0 when this machine has no such shape.
     */
    int soleStartHits();

    /** The snapshot {@code step(empty(), event, soleStartHits())} gives. */
    Snapshot soleStart(Event event);

    /** Whether {@code state} is exactly {@code soleStart(event)}. */
    boolean isSoleStart(Snapshot state, Event event);
}
