package dev.tripline.engine;

import dev.tripline.event.Event;

/**
 * A partial sequence match as a persistent list, newest event first: advancing a partial by one stage is one small
 * object that shares everything before it, whatever the number of stages ({@code with runs=60} included).
 */
final class Partial {

    final Event event;
    final Partial previous;
    final long firstNanos;
    final int length;

    Partial(Event event, Partial previous) {
        this.event = event;
        this.previous = previous;
        this.firstNanos = previous == null ? event.timestampNanos() : previous.firstNanos;
        this.length = previous == null ? 1 : previous.length + 1;
    }

    long lastNanos() {
        return event.timestampNanos();
    }

    /** The events oldest first. */
    Event[] toArray() {
        Event[] events = new Event[length];
        Partial p = this;
        for (int i = length - 1; i >= 0; i--) {
            events[i] = p.event;
            p = p.previous;
        }
        return events;
    }
}
