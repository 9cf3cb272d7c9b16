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
    /** the committed time of the event's host when the batch looked it up */
    final long hostCommitted;

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
