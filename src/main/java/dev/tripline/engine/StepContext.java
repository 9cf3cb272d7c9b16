package dev.tripline.engine;

import dev.tripline.event.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a state machine reports what happened while it stepped: completed matches (their events in stage order,
 * {@code null} where a missing-event stage sits) and the candidates it rejected, by reason.
 */
class StepContext {

    /** A context that keeps nothing: replaying history into a base state whose matches were emitted long ago. */
    static final StepContext DISCARD = new StepContext() {
        @Override
        void complete(Event[] events) {
        }
    };

    final List<Event[]> completions = new ArrayList<>(2);
    long expiredByMaxspan;
    long rejectedByMissing;

    void complete(Event[] events) {
        completions.add(events);
    }

    void expired(long count) {
        expiredByMaxspan += count;
    }

    void clear() {
        completions.clear();
        expiredByMaxspan = 0;
        rejectedByMissing = 0;
    }
}
