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
        Event done = movedOf(event);
        if (done != null) {
            return done;
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
        Partial done = movedOf(partial);
        if (done != null) {
            return done;
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

    /** What {@code from} was moved to in this sweep, or {@code null}. */
    @SuppressWarnings("unchecked")
    private <T> T movedOf(T from) {
        return moved == null ? null : (T) moved.get(from);
    }

    private void remember(Object from, Object to) {
        if (moved == null) {
            moved = new IdentityHashMap<>();
        }
        moved.put(from, to);
    }
}
