package dev.tripline.eql;

import dev.tripline.event.Event;

/** A compiled condition over one event. Implementations are immutable and safe to share between threads. */
@FunctionalInterface
public interface EventPredicate {

    EventPredicate ALWAYS = event -> true;

    boolean test(Event event);
}
