package dev.tripline.alerts;

import dev.tripline.event.Event;
import dev.tripline.event.Timestamps;
import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One matched event.
 *
 * @param key the event's {@code event.id}, or the hash of its content when it has none
 * @param timestamp its event time
 * @param document the ECS document as it was posted
 */
public record AlertEvent(String key, Instant timestamp, JsonNode document) {

    public AlertEvent {
        Objects.requireNonNull(key, "event key");
        Objects.requireNonNull(timestamp, "event timestamp");
        Objects.requireNonNull(document, "event document");
        if (!document.isObject()) {
            throw new IllegalArgumentException("event " + key + " is not a JSON object");
        }
    }

    public static AlertEvent of(Event event) {
        return new AlertEvent(event.key(), Timestamps.toInstant(event.timestampNanos()), event.document());
    }
}
