package dev.tripline.engine;

import dev.tripline.event.Event;
import dev.tripline.event.EventRetention;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One sweep's moves of kept events ({@link EventRetention#keep}): an event is moved once however many keys and
 * partials hold it, and a partial shared by several slots of a key is rebuilt once, so a moved state has the same
 * shape as before (the engine tells a sole start by identity). Only what moves is remembered.
 */
final class Relocation {

    private final EventRetention retention;
    private Map<Object, Object> moved;

    Relocation(EventRetention retention) {
        this.retention = retention;
    }

    Event event(Event event) {
        if (event == null) {
            return null;
        }
        if (moved != null) {
            Object done = moved.get(event);
            if (done != null) {
                return (Event) done;
            }
        }
        Event kept = retention.keep(event);
        if (kept != event) {
            remember(event, kept);
        }
        return kept;
    }

    Partial partial(Partial partial) {
        if (partial == null) {
            return null;
        }
        if (moved != null) {
            Object done = moved.get(partial);
            if (done != null) {
                return (Partial) done;
            }
        }
        Partial previous = partial(partial.previous);
        Event event = event(partial.event);
        if (previous == partial.previous && event == partial.event) {
            return partial;
        }
        Partial rebuilt = new Partial(event, previous);
        remember(partial, rebuilt);
        return rebuilt;
    }

    /** {@code events} with each moved, the same array when none moved. */
    Event[] events(Event[] events) {
        Event[] copy = null;
        for (int i = 0; i < events.length; i++) {
            Event e = event(events[i]);
            if (e != events[i]) {
                if (copy == null) {
                    copy = events.clone();
                }
                copy[i] = e;
            }
        }
        return copy == null ? events : copy;
    }

    private void remember(Object from, Object to) {
        if (moved == null) {
            moved = new IdentityHashMap<>();
        }
        moved.put(from, to);
    }
}
