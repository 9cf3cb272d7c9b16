package dev.tripline.event;

/**
 * What a partial match keeps of the events it waits with: {@link Event#retained()} (an array of its own per event) or
 * {@link RetainedBytes} (shared slabs). The engine calls {@link #retain} once per event that hits a stage under a join
 * key, and its periodic sweep calls the other three.
 */
@FunctionalInterface
public interface EventRetention {

    /** The copy a partial match keeps of {@code event} (may be the event itself). */
    Event retain(Event event);

    /** A sweep begins: what it finds still kept it passes to {@link #keep}. */
    default void sweepStarting() {
    }

    /** An event a partial match still keeps when a sweep visits it; the same event, or the same with its bytes moved. */
    default Event keep(Event kept) {
        return kept;
    }

    /** Whether a sweep is wanted now, apart from the one that every minute of event time brings. */
    default boolean sweepWanted() {
        return false;
    }
}
