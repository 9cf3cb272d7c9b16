package dev.tripline.ingest;

import dev.tripline.event.Event;
import java.util.List;

/**
 * A request body turned into events.
 *
 * @param received how many items the body held
 * @param events the valid events, each with its index in the body
 * @param rejected the invalid items, by index, with the reason
 */
record DecodedBatch(int received, List<IndexedEvent> events, List<Rejection> rejected) {

    record IndexedEvent(int index, Event event) {
    }

    record Rejection(int index, String reason) {
    }
}
