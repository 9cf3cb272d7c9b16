package dev.tripline.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
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
    /** the use count of a pinned entry: never counted down, so never replaced */
    private static final byte PINNED = Byte.MAX_VALUE;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final FieldRegistry registry;
    private final ObjectMapper json;
    private final FieldPath timestampField;
    private final int maxStringLength;
    private final int maxNameLength;
    private final int maxNestingDepth;
    private final int maxNumberLength;
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
     * The hash of the last value that missed each entry: a value enters the table only when it misses twice in a row.
     * Most short values that miss occur once (addresses, user names, ports of one connection), and each that entered
     * would be four objects the table keeps until the next young collection copies them, only to be replaced soon
     * after; a recurring value pays one more miss.
     */
    private final int[] doorkeeper = new int[SHARED_STRINGS];
    /** the registry's values last put into the table (see {@link #pin}) */
    private volatile List<String> pinned = List.of();

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
        this.maxNameLength = constraints.getMaxNameLength();
        this.maxNestingDepth = constraints.getMaxNestingDepth();
        this.maxNumberLength = constraints.getMaxNumberLength();
    }

    public FieldRegistry registry() {
        return registry;
    }

    /** Scratch space for decoding on one thread, with the fields registered now. */
    public Session session() {
        List<String> values = registry.values();
        if (values != pinned) {
            pin(values);
        }
        return new Session(registry.layout());
    }

    /**
     * Puts the strings rules compare with ({@link FieldRegistry#registerValues}) into the shared table for good: an
     * event's value equal to one of them is then that very instance, which the rule's {@code equals} and the engine's
     * lookups recognise at once. An entry of another value at the same place gives way; of two registered values at
     * one place, the first stays.
     */
    private synchronized void pin(List<String> values) {
        if (values == pinned) {
            return;
        }
        Set<Integer> taken = new HashSet<>();
        for (String value : values) {
            int length = value.length();
            if (length > MAX_SHARED_LENGTH) {
                continue;
            }
            int hash = hashOf(value);
            int index = hash & (SHARED_STRINGS - 1);
            if (taken.add(index)) {
                shared[index] = new Shared(value.toCharArray(), NODES.stringNode(value));
                hashes[index] = hash;
                uses[index] = PINNED;
            }
        }
        pinned = values;
    }

    /** Decodes events on one thread; not to be shared between threads. */
    public final class Session {

        private final FieldLayout layout;
        private final Event.Extraction extraction;
        private final int size;
        private final int timestampSlot;
        private final int[] ranks;
        private final int[] stamps;
        private final JsonBytes bytes;
        private int stamp;
        /** where the last {@link #decodeBytes} ended */
        private int scanned;
        /** the value of the last array {@link #arrayBytes} read */
        private JsonNode arrayValue;

        private Session(FieldLayout layout) {
            this.layout = layout;
            this.extraction = Event.Extraction.of(layout.registry(), json);
            this.size = layout.size();
            int slot = timestampField.slotIn(layout.registry());
            this.timestampSlot = slot < size ? slot : -1;
            this.ranks = new int[size];
            this.stamps = new int[layout.nodeCount()];
            this.bytes = new JsonBytes(maxNestingDepth, maxStringLength, maxNameLength, maxNumberLength);
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
            return finish(values, source, start, length);
        }

        /** The event whose slots are filled: its time from its slot, or from its document when the slot left it. */
        private Event finish(JsonNode[] values, byte[] source, int start, int length) {
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
                member(child, current, values);
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

        /**
         * Decodes the event object whose {@code '{'} is at {@code start} straight from the bytes, as
         * {@link #decode} would from a parser over them; {@link #scanned()} then tells where it ended.
         *
         * @param end where the input ends (the object must close before it)
         * @param depth the JSON containers open around the object
         * @throws JsonBytes.Unfit when the object is anything the byte path leaves to Jackson (malformed, at a limit,
         *     escapes in a property name on the way to a registered field): decode it with {@link #decode} instead
         * @throws InvalidEventException when the event has no parseable time; {@link #scanned()} is past it
         */
        public Event decodeBytes(byte[] source, int start, int end, int depth) {
            if (start >= end || source[start] != '{') {
                throw JsonBytes.unfit();
            }
            JsonNode[] values = new JsonNode[size];
            Arrays.fill(ranks, Integer.MAX_VALUE);
            FieldLayout.Node root = layout.root();
            int after = root.isLeaf() ? bytes.skipObject(source, start, end, depth + 1)
                    : objectBytes(source, start, end, root, values, depth + 1);
            scanned = after;
            return finish(values, source, start, after - start);
        }

        /** The position just after the object the last {@link #decodeBytes} read. */
        public int scanned() {
            return scanned;
        }

        /** {@link #object} over bytes: the object at {@code p}, itself at {@code depth}; returns the position after it. */
        private int objectBytes(byte[] b, int p, int end, FieldLayout.Node node, JsonNode[] values, int depth) {
            if (depth >= bytes.maxDepth) {
                throw JsonBytes.unfit();
            }
            int current = nextStamp();
            p = JsonBytes.skipWhitespace(b, p + 1, end);
            if (p < end && b[p] == '}') {
                return p + 1;
            }
            while (true) {
                if (p >= end || b[p] != '"') {
                    throw JsonBytes.unfit();
                }
                int nameStart = ++p;
                p = JsonBytes.plainNameEnd(b, p, end);
                int nameLength = p - nameStart;
                if (nameLength >= bytes.maxName) {
                    throw JsonBytes.unfit();
                }
                p = JsonBytes.colon(b, p + 1, end);
                FieldLayout.Node child = node.child(b, nameStart, nameLength,
                        FieldLayout.byteHash(b, nameStart, nameLength));
                if (child == null) {
                    p = bytes.skipValue(b, p, end, depth);
                } else {
                    p = memberBytes(b, p, end, child, values, depth, current);
                }
                p = JsonBytes.separator(b, p, end, '}');
                if (p < 0) {
                    return ~p;
                }
            }
        }

        /** The value at {@code p} of a property that is on the way to registered fields. */
        private int memberBytes(byte[] b, int p, int end, FieldLayout.Node child, JsonNode[] values, int depth,
                int current) {
            member(child, current, values);
            byte c = b[p];
            if (c == '{') {
                if (child.slot >= 0) {
                    offer(child.slot, child.rank, Event.UNRESOLVED, values);
                }
                return child.isLeaf() ? bytes.skipObject(b, p, end, depth + 1)
                        : objectBytes(b, p, end, child, values, depth + 1);
            }
            if (c == '[') {
                for (int slot : child.slotsBelow) {
                    force(slot, values);
                }
                if (child.slot < 0) {
                    return bytes.skipArray(b, p, end, depth + 1);
                }
                int after = arrayBytes(b, p, end, depth + 1);
                offer(child.slot, child.rank, arrayValue, values);
                return after;
            }
            int after = bytes.skipValue(b, p, end, depth);
            if (child.slot >= 0) {
                offer(child.slot, child.rank, scalarBytes(b, p, after), values);
            }
            return after;
        }

        /** {@link #array} over bytes: leaves the value in {@link #arrayValue}, returns the position after it. */
        private int arrayBytes(byte[] b, int p, int end, int depth) {
            if (depth >= bytes.maxDepth) {
                throw JsonBytes.unfit();
            }
            ArrayNode array = NODES.arrayNode(2);
            boolean nested = false;
            p = JsonBytes.skipWhitespace(b, p + 1, end);
            if (p < end && b[p] == ']') {
                arrayValue = array;
                return p + 1;
            }
            while (true) {
                if (p >= end) {
                    throw JsonBytes.unfit();
                }
                byte c = b[p];
                int after = bytes.skipValue(b, p, end, depth);
                if (c == '{' || c == '[') {
                    nested = true;
                } else if (!nested) {
                    array.add(scalarBytes(b, p, after));
                }
                p = JsonBytes.separator(b, after, end, ']');
                if (p < 0) {
                    arrayValue = nested ? Event.UNRESOLVED
                            : array.size() == 1 && array.get(0).isString() ? sharedArray(array) : array;
                    return ~p;
                }
            }
        }

        /**
         * The node for the scalar in {@code [from, to)}, just scanned (so {@link JsonBytes#plain} describes it if it is
         * a string). Plain strings and integers of up to 18 digits are made here; anything else (escapes, non-ASCII,
         * fractions, exponents, big integers) is read by Jackson from the same bytes, so that it is exactly its node.
         */
        private JsonNode scalarBytes(byte[] b, int from, int to) {
            byte c = b[from];
            if (c == '"') {
                if (!bytes.plain) {
                    return viaParser(b, from, to);
                }
                int length = to - from - 2;
                return length > MAX_SHARED_LENGTH ? NODES.stringNode(new String(b, from + 1, length,
                        StandardCharsets.ISO_8859_1)) : sharedBytes(b, from + 1, length);
            }
            if (c == 't') {
                return NODES.booleanNode(true);
            }
            if (c == 'f') {
                return NODES.booleanNode(false);
            }
            if (c == 'n') {
                return NODES.nullNode();
            }
            int p = c == '-' ? from + 1 : from;
            if (to - p > 18) {
                return viaParser(b, from, to);
            }
            long value = 0;
            for (; p < to; p++) {
                int digit = b[p] - '0';
                if (digit < 0 || digit > 9) {
                    return viaParser(b, from, to);
                }
                value = value * 10 + digit;
            }
            if (c == '-') {
                value = -value;
            }
            return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
        }

        /** The node Jackson makes of the scalar in {@code [from, to)}; a limit it enforces there is left to it. */
        private JsonNode viaParser(byte[] b, int from, int to) {
            try (JsonParser parser = json.createParser(b, from, to - from)) {
                JsonToken token = parser.nextToken();
                return token == JsonToken.VALUE_STRING ? NODES.stringNode(parser.getString())
                        : EventDecoder.scalar(parser, token);
            } catch (JacksonException e) {
                throw JsonBytes.unfit();
            }
        }

        /** {@link #shared} for a plain ASCII string in the bytes: same table, same hash, same entries. */
        private JsonNode sharedBytes(byte[] b, int from, int length) {
            int hash = length;
            for (int i = from, end = from + length; i < end; i++) {
                hash = 31 * hash + b[i];
            }
            hash ^= hash >>> 15;
            int index = hash & (SHARED_STRINGS - 1);
            if (hashes[index] == hash) {
                Shared known = shared[index];
                if (known != null && known.chars.length == length && sameText(known.chars, b, from)) {
                    return reuse(index, known);
                }
            }
            return remember(index, hash, new String(b, from, length, StandardCharsets.ISO_8859_1));
        }

        /**
         * Marks a member of the object stamped {@code current}, both paths: a key given twice leaves the slots of its
         * first value and everything below it to the parsed document, which keeps the last.
         */
        private void member(FieldLayout.Node child, int current, JsonNode[] values) {
            if (stamps[child.id] == current) {
                force(child.slot, values);
                for (int slot : child.slotsBelow) {
                    force(slot, values);
                }
            }
            stamps[child.id] = current;
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
                    return reuse(index, known);
                }
            }
            return remember(index, hash, new String(chars, offset, length));
        }

        /** A table entry that matched: counted as used (up to 3), its node handed out again. */
        private JsonNode reuse(int index, Shared known) {
            if (uses[index] < 3) {
                uses[index]++;
            }
            return known.node;
        }

        /**
         * A new node for a short string, which takes the table's entry if it was the entry's last miss too and the value
         * there is not in use.
         */
        private JsonNode remember(int index, int hash, String text) {
            JsonNode fresh = NODES.stringNode(text);
            // ids seen once must not push out the values that recur: an entry in use survives a few misses
            if (uses[index] == 0) {
                if (doorkeeper[index] != hash) {
                    doorkeeper[index] = hash;
                    return fresh;
                }
                shared[index] = new Shared(text.toCharArray(), fresh);
                hashes[index] = hash;
                uses[index] = 1;
            } else if (uses[index] != PINNED) {
                uses[index]--;
            }
            return fresh;
        }
    }

    /** The shared table's hash of a string, as {@code shared} and {@code sharedBytes} compute it on the fly. */
    static int hashOf(String value) {
        int hash = value.length();
        for (int i = 0; i < value.length(); i++) {
            hash = 31 * hash + value.charAt(i);
        }
        return hash ^ hash >>> 15;
    }

    /** Where the shared table files a string. */
    static int placeOf(String value) {
        return hashOf(value) & (SHARED_STRINGS - 1);
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

    private static boolean sameText(char[] chars, byte[] b, int from) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] != b[from + i]) {
                return false;
            }
        }
        return true;
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
