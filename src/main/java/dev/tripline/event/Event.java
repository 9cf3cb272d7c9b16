package dev.tripline.event;

import java.util.Arrays;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One ECS document with its event time, in one of two forms that answer every read alike:
 *
 * <ul>
 *   <li>a <em>tree</em> event ({@link #of}, {@link #from}) holds a parsed document: searches, previews, tests;</li>
 *   <li>a <em>compact</em> event ({@link EventDecoder}) holds the values of the fields a {@link FieldRegistry}
 *       registered, extracted while the request body was streamed, and the event's raw JSON as a slice of that body.
 *       A registered field is read from its slot; any other from the document, parsed from the raw JSON on first
 *       need. This is what ingest produces: rules read a dozen fields of a document with a hundred.</li>
 * </ul>
 *
 * Field values are read through compiled {@link FieldPath}s; the event's key (its {@code event.id}, or a hash of its
 * canonical form when it has none) is computed on first use.
 */
public final class Event {

    public static final FieldPath DEFAULT_TIMESTAMP = FieldPath.of("@timestamp");
    public static final FieldPath EVENT_ID = FieldPath.of("event.id");

    /**
     * The slot value of a field the decoder left to the document: it holds an object, an array with objects or
     * arrays in it, or its key occurs twice. A unique instance, compared by identity.
     */
    static final JsonNode UNRESOLVED = JsonNodeFactory.instance.stringNode("<read from the document>");

    static final long NOT_RETAINED = -1;
    static final long OWN_BYTES = 0;
    /** a retained copy's slots: none, every field is read from its document (nothing on the hot path reads one) */
    private static final JsonNode[] NO_VALUES = new JsonNode[0];

    /**
     * How compact events of one decoding read their document when they must (the registry and the parser), and which
     * slot holds the registry's partition field ({@code -1}: none), whose value each event fingerprints.
     */
    record Extraction(FieldRegistry registry, ObjectMapper json, FieldPath partitionField, int partitionSlot) {

        /** The registry's partition field read once: it may be named while decoders run. */
        static Extraction of(FieldRegistry registry, ObjectMapper json) {
            FieldPath partition = registry.partitionField();
            return new Extraction(registry, json, partition, partition == null ? -1 : partition.slotIn(registry));
        }
    }

    private final ObjectNode tree;
    private final long timestampNanos;
    /** compact events: values by slot, {@code null} where the document has no such field */
    private final JsonNode[] values;
    private final Extraction extraction;
    private final byte[] source;
    private final int offset;
    private final int length;
    /**
     * {@link #NOT_RETAINED}, or where a retained copy's bytes are: {@link #OWN_BYTES} (an array of its own) or the
     * number of the {@link RetainedBytes} slab they were copied into. A retained copy re-parses its document on every
     * call rather than keeping the tree alive in a partial match.
     */
    private final long retention;
    /** the field whose value {@link #partitionFirst}/{@link #partitionSecond} fingerprint; {@code null}: none */
    private final FieldPath partitionField;
    private final long partitionFirst;
    private final long partitionSecond;
    private volatile ObjectNode parsed;
    private String key;

    private Event(ObjectNode tree, long timestampNanos) {
        this(tree, timestampNanos, null, null, null, 0, 0, NOT_RETAINED, null, 0, 0);
    }

    private Event(ObjectNode tree, long timestampNanos, JsonNode[] values, Extraction extraction, byte[] source,
            int offset, int length, long retention, FieldPath partitionField, long partitionFirst,
            long partitionSecond) {
        this.tree = tree;
        this.timestampNanos = timestampNanos;
        this.values = values;
        this.extraction = extraction;
        this.source = source;
        this.offset = offset;
        this.length = length;
        this.retention = retention;
        this.partitionField = partitionField;
        this.partitionFirst = partitionFirst;
        this.partitionSecond = partitionSecond;
    }

    /** A compact event, as {@link EventDecoder} builds it; {@code parsed} is the document if it was parsed already. */
    static Event compact(long timestampNanos, JsonNode[] values, Extraction extraction, byte[] source, int offset,
            int length, ObjectNode parsed) {
        // fingerprinted here, while the value is in the cache: the engine reads it for every event of every batch
        int slot = extraction.partitionSlot();
        Event event;
        if (slot >= 0 && slot < values.length && values[slot] != UNRESOLVED) {
            KeyFingerprint partition = KeyFingerprint.ofValue(values[slot]);
            event = new Event(null, timestampNanos, values, extraction, source, offset, length, NOT_RETAINED,
                    extraction.partitionField(), partition.first(), partition.second());
        } else {
            event = new Event(null, timestampNanos, values, extraction, source, offset, length, NOT_RETAINED, null, 0, 0);
        }
        event.parsed = parsed;
        return event;
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
        return new Event((ObjectNode) document, timestampOf(timestampField.resolve(document), timestampField));
    }

    public static Event from(JsonNode document) {
        return from(document, DEFAULT_TIMESTAMP);
    }

    /** The event time a timestamp field's value gives: one value, or an array holding exactly one. */
    static long timestampOf(JsonNode time, FieldPath timestampField) {
        if (time == null) {
            throw new InvalidEventException("missing " + timestampField);
        }
        try {
            return Timestamps.parse(time.isArray() && time.size() == 1 ? time.get(0) : time);
        } catch (InvalidEventException e) {
            throw new InvalidEventException(timestampField + ": " + e.getMessage());
        }
    }

    /** The whole document; a compact event parses it from its raw JSON (once, unless it is a retained copy). */
    public ObjectNode document() {
        ObjectNode document = tree;
        if (document != null) {
            return document;
        }
        document = parsed;
        if (document == null) {
            document = (ObjectNode) extraction.json().readTree(source, offset, length);
            if (retention == NOT_RETAINED) {
                parsed = document;
            }
        }
        return document;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    /** The value at {@code path}, or {@code null} when absent; see {@link FieldPath#resolve}. */
    public JsonNode get(FieldPath path) {
        JsonNode[] slots = values;
        if (slots != null) {
            int slot = path.slotIn(extraction.registry());
            if (slot >= 0 && slot < slots.length) {
                JsonNode value = slots[slot];
                if (value != UNRESOLVED) {
                    return value;
                }
            }
        }
        return path.resolve(document());
    }

    /**
     * Whether the decoder fingerprinted this event's value of {@code field} (the registry's
     * {@linkplain FieldRegistry#partitionBy partition field}); then {@link #partitionFirst()} and
     * {@link #partitionSecond()} are {@link KeyFingerprint#ofValue} of it.
     */
    public boolean isPartitionedBy(FieldPath field) {
        FieldPath own = partitionField;
        return own == field || own != null && own.equals(field);
    }

    public long partitionFirst() {
        return partitionFirst;
    }

    public long partitionSecond() {
        return partitionSecond;
    }

    /** {@code event.id} when the event has a non-empty one, else a hash of its canonical JSON. */
    public String key() {
        String k = key;
        if (k == null) {
            k = EventKeys.of(this);
            key = k;
        }
        return k;
    }

    /** For tests: whether a compact event has parsed its document (a tree event always has one). */
    boolean hasParsedDocument() {
        return tree != null || parsed != null;
    }

    /** For tests: the slot value the decoder left for a registered field ({@link #UNRESOLVED} when it left none). */
    JsonNode slot(FieldPath path) {
        int slot = path.slotIn(extraction.registry());
        return slot >= 0 && slot < values.length ? values[slot] : UNRESOLVED;
    }

    /**
     * Reads the start of a compact event's slot array and returns a number from it, for a caller that walks a batch
     * of events in a short loop before working on them one by one: each event's slots are then read while many such
     * reads are in flight together, instead of one cache miss at a time when the event's turn comes. The number means
     * nothing; a caller keeps it only so that the read cannot be compiled away.
     */
    public int warm() {
        JsonNode[] slots = values;
        return slots == null ? 0 : slots.length;
    }

    /** Whether this is a compact event (fields in slots, the document parsed on demand). */
    public boolean isCompact() {
        return values != null;
    }

    /**
     * What a partial match keeps of this event while it waits for the rest of its sequence: a compact event's raw
     * JSON copied out of the request body into an array of its own (so a pending partial does not pin a whole batch),
     * its key, time and host fingerprint; every field is read from the document again, which nothing on the hot path
     * does (the engine reads a kept event's time, key and host fingerprint, an alert its document). A tree event is
     * kept as it is: its document is the caller's. {@link RetainedBytes} keeps the same in shared slabs instead.
     */
    public Event retained() {
        if (values == null || retention != NOT_RETAINED) {
            return this;
        }
        return withOwnBytes();
    }

    /** A retained copy whose raw JSON {@link RetainedBytes} placed at {@code at} of slab number {@code slab}. */
    Event retainedIn(byte[] slabBytes, int at, long slab) {
        System.arraycopy(source, offset, slabBytes, at, length);
        return copy(slabBytes, at, slab);
    }

    /** A retained copy with its bytes in an array of its own (for a copy in a slab: the same, moved out of it). */
    Event withOwnBytes() {
        return copy(Arrays.copyOfRange(source, offset, offset + length), 0, OWN_BYTES);
    }

    private Event copy(byte[] bytes, int at, long where) {
        Event copy = new Event(null, timestampNanos, NO_VALUES, extraction, bytes, at, length, where, partitionField,
                partitionFirst, partitionSecond);
        // the key now, while this event is in the cache: a match reads its events' keys much later
        copy.key = key != null ? key : EventKeys.idOf(this);
        return copy;
    }

    /** {@link #NOT_RETAINED}, {@link #OWN_BYTES}, or the number of the slab that holds this retained copy's bytes. */
    long retention() {
        return retention;
    }

    /** The raw JSON's length (0 for a tree event). */
    int length() {
        return length;
    }

    @Override
    public String toString() {
        return "Event[" + Timestamps.toInstant(timestampNanos) + " " + key() + "]";
    }
}
