package dev.tripline.engine;

import dev.tripline.event.Event;

/** One event's hits on one rule for one join key, found in phase 1 of a batch and applied under the key's lock. */
final class Hit {

    final int index;
    final int ordinal;
    final RuleProgram rule;
    final PartialKey key;
    final int stages;
    final Event event;
    /** {@link #hostCommitted} not looked up yet */
    static final long UNKNOWN = Long.MIN_VALUE;

    /**
     * the committed time of the event's host when the batch looked it up: at once for an event that might be late, else
     * ({@link #UNKNOWN} until then) with the other hits' before they are applied
     */
    long hostCommitted;

    Hit(int index, int ordinal, RuleProgram rule, PartialKey key, int stages, Event event, long hostCommitted) {
        this.index = index;
        this.ordinal = ordinal;
        this.rule = rule;
        this.key = key;
        this.stages = stages;
        this.event = event;
        this.hostCommitted = hostCommitted;
    }
}
