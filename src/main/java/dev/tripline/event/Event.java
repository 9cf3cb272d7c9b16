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

    /** How many resolved fields an event remembers; rules read a few dozen distinct fields at most per event. */
    private static final int CACHE_SLOTS = 32;

    private final ObjectNode document;
    private final long timestampNanos;
    private String key;
    /**
     * Fields already resolved for this event: every stage of every rule reads {@code event.category},
     * {@code host.os.type}, {@code event.type} and the like, and resolving a path is several hash lookups. Each slot
     * holds an immutable entry, so that concurrent readers see either a whole entry or none; two writers racing for
     * a slot only lose one entry, never mix two.
     */
    private Cached[] cache;

    private record Cached(FieldPath path, JsonNode value) {
    }

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

    /**
     * The value at {@code path}, or {@code null} when absent; see {@link FieldPath#resolve}. Resolved once per event
     * and path, then remembered: treat the document as read-only once the event is evaluated.
     */
    public JsonNode get(FieldPath path) {
        Cached[] slots = cache;
        if (slots == null) {
            slots = new Cached[CACHE_SLOTS];
            cache = slots;
        }
        int slot = path.hashCode() & (CACHE_SLOTS - 1);
        Cached cached = slots[slot];
        if (cached != null && (cached.path == path || cached.path.equals(path))) {
            return cached.value;
        }
        JsonNode value = path.resolve(document);
        slots[slot] = new Cached(path, value);
        return value;
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
