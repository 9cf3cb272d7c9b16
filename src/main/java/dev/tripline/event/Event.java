package dev.tripline.event;

import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One ECS document with its event time. Field values are read through compiled {@link FieldPath}s; the event's
 * key (its {@code event.id}, or a hash of its canonical form when it has none) is computed on first use.
 */
public final class Event {

    public static final FieldPath DEFAULT_TIMESTAMP = FieldPath.of("@timestamp");
    public static final FieldPath EVENT_ID = FieldPath.of("event.id");

    private final ObjectNode document;
    private final long timestampNanos;
    private String key;

    private Event(ObjectNode document, long timestampNanos) {
        this.document = document;
        this.timestampNanos = timestampNanos;
    }

    /** An event whose time the caller has already determined. */
    public static Event of(ObjectNode document, long timestampNanos) {
        return new Event(Objects.requireNonNull(document, "document"), timestampNanos);
    }

    /**
     * Reads the event time from {@code timestampField}.
     *
     * @throws InvalidEventException when the document is not an object or its time is missing or unparseable
     */
    public static Event from(JsonNode document, FieldPath timestampField) {
        if (document == null || !document.isObject()) {
            throw new InvalidEventException("event must be a JSON object");
        }
        JsonNode time = timestampField.resolve(document);
        if (time == null) {
            throw new InvalidEventException("missing " + timestampField);
        }
        long nanos;
        try {
            nanos = Timestamps.parse(time.isArray() && time.size() == 1 ? time.get(0) : time);
        } catch (InvalidEventException e) {
            throw new InvalidEventException(timestampField + ": " + e.getMessage());
        }
        return new Event((ObjectNode) document, nanos);
    }

    public static Event from(JsonNode document) {
        return from(document, DEFAULT_TIMESTAMP);
    }

    public ObjectNode document() {
        return document;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    /** The value at {@code path}, or {@code null} when absent; see {@link FieldPath#resolve}. */
    public JsonNode get(FieldPath path) {
        return path.resolve(document);
    }

    /** {@code event.id} when the event has a non-empty one, else a hash of its canonical JSON. */
    public String key() {
        String k = key;
        if (k == null) {
            k = EventKeys.of(document);
            key = k;
        }
        return k;
    }

    @Override
    public String toString() {
        return "Event[" + Timestamps.toInstant(timestampNanos) + " " + key() + "]";
    }
}
