package dev.tripline.event;

import java.util.Arrays;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams events out of JSON into {@linkplain Event#isCompact() compact} form: no tree is built. For each event object
 * the parser is at, it walks the {@link FieldRegistry}'s trie of property names, matches each name against the bytes
 * (no String is made for a name), fills the slots of the registered fields and skips every other value unread. The
 * event keeps its raw JSON as a slice of the caller's buffer, not a copy.
 *
 * <p>The values are exactly what {@link FieldPath#resolve} gives on the parsed document; where that takes more than a
 * single pass (a field whose value is an object, a path running through an array of objects, a key given twice) the
 * slot is left to the document, which is then parsed when the field is read.
 *
 * <p>Thread-safe; each batch takes a {@link #session()} (scratch space for one thread, and the layout of fields as it
 * is when the session starts).
 */
public final class EventDecoder {

    /** Strings up to this long are looked up in the shared table of recurring values (actions, categories, names). */
    private static final int MAX_SHARED_LENGTH = 20;
    private static final int SHARED_STRINGS = 1 << 16;
    private static final int SHARED_ARRAYS = 1 << 10;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final FieldRegistry registry;
    private final ObjectMapper json;
    private final FieldPath timestampField;
    private final int maxStringLength;
    /**
     * Recently decoded short strings, so that the thousands of events saying {@code "exec"} or {@code "linux"} share
     * one node (no allocation, and a hot cache line for the rules reading it). Races between threads are harmless:
     * nodes are immutable, and a lookup compares characters before it trusts an entry.
     */
    private final Shared[] shared = new Shared[SHARED_STRINGS];
    private final int[] hashes = new int[SHARED_STRINGS];
    private final JsonNode[] sharedArrays = new JsonNode[SHARED_ARRAYS];
    /** how often each shared entry was used lately (0 to 3): the second chance that keeps recurring values */
    private final byte[] uses = new byte[SHARED_STRINGS];

    /**
     * @param json parses a document when a field outside the slots is read; its stream constraints must be those the
     *     events were decoded under
     * @param timestampField where an event's time is (registered here, with {@code event.id})
     */
    public EventDecoder(FieldRegistry registry, ObjectMapper json, FieldPath timestampField) {
        this.registry = registry;
        this.json = json;
        this.timestampField = timestampField;
        registry.register(timestampField, Event.EVENT_ID);
        StreamReadConstraints constraints = json.tokenStreamFactory().streamReadConstraints();
        this.maxStringLength = constraints.getMaxStringLength();
    }

    public FieldRegistry registry() {
        return registry;
    }

    /** Scratch space for decoding on one thread, with the fields registered now. */
    public Session session() {
        return new Session(registry.layout());
    }

    /** Decodes events on one thread; not to be shared between threads. */
    public final class Session {

        private final FieldLayout layout;
        private final Event.Extraction extraction;
        private final int size;
        private final int timestampSlot;
        private final int[] ranks;
        private final int[] stamps;
        private int stamp;

        private Session(FieldLayout layout) {
            this.layout = layout;
            this.extraction = new Event.Extraction(layout.registry(), json);
            this.size = layout.size();
            int slot = timestampField.slotIn(layout.registry());
            this.timestampSlot = slot < size ? slot : -1;
            this.ranks = new int[size];
            this.stamps = new int[layout.nodeCount()];
        }

        /**
         * Decodes the object whose {@code START_OBJECT} the parser is at, leaving the parser at its {@code END_OBJECT}.
         *
         * @param source the bytes the parser reads
         * @param base where in {@code source} the parser's input starts (its byte offsets count from there)
         * @throws InvalidEventException when the event has no parseable time (the object is consumed all the same)
         */
        public Event decode(JsonParser parser, byte[] source, int base) {
            return decode(parser, source, base, false, 0);
        }

        /** Decodes as {@link #decode} does, but takes the event's time as given (for tests whose events have none). */
        Event decodeAt(JsonParser parser, byte[] source, int base, long timestampNanos) {
            return decode(parser, source, base, true, timestampNanos);
        }

        private Event decode(JsonParser parser, byte[] source, int base, boolean timeGiven, long givenNanos) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("the parser must be at the start of an object, is at "
                        + parser.currentToken());
            }
            int start = base + (int) parser.currentTokenLocation().getByteOffset();
            JsonNode[] values = new JsonNode[size];
            Arrays.fill(ranks, Integer.MAX_VALUE);
            FieldLayout.Node root = layout.root();
            if (root.isLeaf()) {
                parser.skipChildren();
            } else {
                object(parser, root, values);
            }
            int end = base + (int) parser.currentTokenLocation().getByteOffset() + 1;
            int length = end - start;
            if (length > maxStringLength) {
                // skipped strings were not decoded, so not measured; only an event this long can hold a string too long
                checkStrings(source, start, length);
            }
            if (timeGiven) {
                return Event.compact(givenNanos, values, extraction, source, start, length, null);
            }
            JsonNode time = timestampSlot >= 0 ? values[timestampSlot] : Event.UNRESOLVED;
            ObjectNode parsed = null;
            if (time == Event.UNRESOLVED) {
                parsed = (ObjectNode) json.readTree(source, start, length);
                time = timestampField.resolve(parsed);
            }
            return Event.compact(Event.timestampOf(time, timestampField), values, extraction, source, start, length,
                    parsed);
        }

        private void object(JsonParser parser, FieldLayout.Node node, JsonNode[] values) {
            int current = nextStamp();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                FieldLayout.Node child = node.child(parser.currentName());
                token = parser.nextToken();
                if (child == null) {
                    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                        parser.skipChildren();
                    }
                    continue;
                }
                if (stamps[child.id] == current) {
                    // a key given twice: the parsed document keeps the last, with all below it; leave those to it
                    force(child.slot, values);
                    for (int slot : child.slotsBelow) {
                        force(slot, values);
                    }
                }
                stamps[child.id] = current;
                if (token == JsonToken.START_OBJECT) {
                    if (child.slot >= 0) {
                        offer(child.slot, child.rank, Event.UNRESOLVED, values);
                    }
                    if (child.isLeaf()) {
                        parser.skipChildren();
                    } else {
                        object(parser, child, values);
                    }
                } else if (token == JsonToken.START_ARRAY) {
                    // a path through an array of objects collects from every element: the document does that
                    for (int slot : child.slotsBelow) {
                        force(slot, values);
                    }
                    if (child.slot >= 0) {
                        offer(child.slot, child.rank, array(parser, child.slot), values);
                    } else {
                        parser.skipChildren();
                    }
                } else if (child.slot >= 0) {
                    offer(child.slot, child.rank, scalar(parser, token, child.slot), values);
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new IllegalStateException("expected the end of an object, the parser is at " + token);
            }
        }

        private int nextStamp() {
            if (++stamp == Integer.MAX_VALUE) {
                Arrays.fill(stamps, 0);
                stamp = 1;
            }
            return stamp;
        }

        private void offer(int slot, int rank, JsonNode value, JsonNode[] values) {
            if (rank < ranks[slot]) {
                ranks[slot] = rank;
                values[slot] = value;
            }
        }

        private void force(int slot, JsonNode[] values) {
            if (slot >= 0) {
                ranks[slot] = -1;
                values[slot] = Event.UNRESOLVED;
            }
        }

        /** An array of scalars as the tree holds it; one holding objects or arrays is left to the document. */
        private JsonNode array(JsonParser parser, int slot) {
            ArrayNode array = NODES.arrayNode(2);
            boolean nested = false;
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    nested = true;
                    parser.skipChildren();
                } else if (!nested) {
                    array.add(scalar(parser, token, slot));
                }
            }
            if (nested) {
                return Event.UNRESOLVED;
            }
            return array.size() == 1 && array.get(0).isString() ? sharedArray(array) : array;
        }

        /** The node the tree would hold for a scalar token (as Jackson's tree reader makes it). */
        private JsonNode scalar(JsonParser parser, JsonToken token, int slot) {
            if (token == JsonToken.VALUE_STRING) {
                return string(parser, slot);
            }
            return EventDecoder.scalar(parser, token);
        }

        /**
         * A string value: short ones (actions, categories, names: values that recur across thousands of events) come
         * from the shared table when they are there; long ones (ids, paths) are new, as looking them up would cost
         * more than it saves.
         */
        private JsonNode string(JsonParser parser, int slot) {
            return parser.getStringLength() > MAX_SHARED_LENGTH ? NODES.stringNode(parser.getString()) : shared(parser);
        }

        /** The string value from the shared table if it is there, else a new one (which may take an entry). */
        private JsonNode shared(JsonParser parser) {
            char[] chars = parser.getStringCharacters();
            int offset = parser.getStringOffset();
            int length = parser.getStringLength();
            int hash = length;
            for (int i = offset, end = offset + length; i < end; i++) {
                hash = 31 * hash + chars[i];
            }
            hash ^= hash >>> 15;
            int index = hash & (SHARED_STRINGS - 1);
            // the hashes sit in a small array of their own: a value seen once costs one look at it, not a walk through
            // another value's objects
            if (hashes[index] == hash) {
                Shared known = shared[index];
                if (known != null && known.chars.length == length
                        && Arrays.equals(known.chars, 0, length, chars, offset, offset + length)) {
                    if (uses[index] < 3) {
                        uses[index]++;
                    }
                    return known.node;
                }
            }
            String text = new String(chars, offset, length);
            JsonNode fresh = NODES.stringNode(text);
            // ids seen once must not push out the values that recur: an entry in use survives a few misses
            if (uses[index] == 0) {
                shared[index] = new Shared(text.toCharArray(), fresh);
                hashes[index] = hash;
                uses[index] = 1;
            } else {
                uses[index]--;
            }
            return fresh;
        }
    }

    /** The node the tree would hold for a scalar that is not a string (as Jackson's tree reader makes it). */
    private static JsonNode scalar(JsonParser parser, JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> NODES.stringNode(parser.getString());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> switch (parser.getNumberTypeFP()) {
                case BIG_DECIMAL -> NODES.numberNode(parser.getDecimalValue());
                case FLOAT32 -> NODES.numberNode(parser.getFloatValue());
                default -> NODES.numberNode(parser.getDoubleValue());
            };
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IllegalStateException("not a scalar: " + token);
        };
    }

    /**
     * One-string arrays ({@code "category": ["process"]}, {@code "type": ["start"]}) are shared like their strings:
     * an entry is reused when it holds the very same string node, which the string table hands out for values that
     * recur.
     */
    private JsonNode sharedArray(ArrayNode array) {
        JsonNode element = array.get(0);
        int index = element.stringValue().hashCode() & (SHARED_ARRAYS - 1);
        JsonNode known = sharedArrays[index];
        if (known != null && known.get(0) == element) {
            return known;
        }
        sharedArrays[index] = array;
        return array;
    }

    /** A shared value: its characters (compared with the parser's buffer) and its node, published together. */
    private record Shared(char[] chars, JsonNode node) {
    }

    /** Reads every string of the slice, so that Jackson's string length constraint applies to all of them. */
    private void checkStrings(byte[] source, int start, int length) {
        try (JsonParser parser = json.createParser(source, start, length)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.VALUE_STRING) {
                    parser.getString();
                }
            }
        }
    }
}
