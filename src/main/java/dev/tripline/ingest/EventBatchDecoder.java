package dev.tripline.ingest;

import dev.tripline.event.Event;
import dev.tripline.event.EventDecoder;
import dev.tripline.event.FieldPath;
import dev.tripline.event.FieldRegistry;
import dev.tripline.event.InvalidEventException;
import dev.tripline.event.JsonBytes;
import dev.tripline.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a request body into events: a JSON array of events, {@code {"events": [...]}}, a single event object, or
 * NDJSON (one event per line). A body that is not JSON at all is refused whole (400 naming line and column); an
 * item that is JSON but not a valid event (not an object, no parseable {@code @timestamp}) is rejected by index
 * while the rest of the batch goes on. In NDJSON every line stands alone, so a line that is not JSON is one
 * rejected item, not a refused batch. Jackson's stream constraints bound nesting depth and string length.
 *
 * <p>Events come out compact ({@link EventDecoder}): the fields the installed rules read are extracted while the body
 * streams by, nothing else is parsed into a tree, and each event's document stays a slice of the body.
 */
final class EventBatchDecoder {

    private static final String NOT_AN_OBJECT = "event must be a JSON object";
    /** the one key of the {@code {"events": [...]}} wrapper, as the byte path compares it */
    private static final byte[] EVENTS = "events".getBytes(StandardCharsets.US_ASCII);

    private final JsonMapper json;
    private final int maxEvents;
    private final FieldPath timestampField;
    private final EventDecoder decoder;

    EventBatchDecoder(int maxEvents, int maxNestingDepth, int maxStringLength, FieldPath timestampField,
            FieldRegistry fields) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(maxNestingDepth)
                .maxStringLength(maxStringLength)
                .maxNameLength(Math.min(maxStringLength, 50_000))
                .maxNumberLength(1_000)
                .build();
        this.json = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
                // events are read one by one from inside the array; the end of the body is checked explicitly
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        this.maxEvents = maxEvents;
        this.timestampField = timestampField;
        this.decoder = new EventDecoder(fields, json, timestampField);
    }

    /**
     * Decodes a JSON body (array, wrapper or single event): straight from its bytes when it is the plain, well-formed
     * JSON that clients send, else through Jackson, which then also words any error.
     */
    DecodedBatch decodeJson(byte[] body) {
        return decodeJson(body, body.length);
    }

    /** Decodes the first {@code length} bytes of {@code body} (a pooled buffer is longer than the body it holds). */
    DecodedBatch decodeJson(byte[] body, int length) {
        DecodedBatch fast = decodeJsonFast(body, length);
        return fast != null ? fast : decodeJsonJackson(body, length);
    }

    /**
     * The byte-level path: the batch as {@link #decodeJsonJackson} decodes it, or {@code null} when the body holds
     * anything this path leaves to Jackson (an error, a limit reached, escapes in names, a non-object item, ...).
     */
    DecodedBatch decodeJsonFast(byte[] body) {
        return decodeJsonFast(body, body.length);
    }

    private DecodedBatch decodeJsonFast(byte[] body, int end) {
        int p = JsonBytes.skipWhitespace(body, 0, end);
        if (p >= end) {
            return null;
        }
        List<DecodedBatch.IndexedEvent> events = new ArrayList<>();
        List<DecodedBatch.Rejection> rejected = new ArrayList<>();
        EventDecoder.Session session = decoder.session();
        try {
            if (body[p] == '[') {
                p = itemsFast(body, p, end, 1, session, events, rejected);
            } else if (body[p] == '{') {
                int first = JsonBytes.skipWhitespace(body, p + 1, end);
                int name = plainName(body, first, end);
                if (name == -1) {
                    return null;
                }
                if (name - first == EVENTS.length + 2
                        && Arrays.equals(body, first + 1, name - 1, EVENTS, 0, EVENTS.length)) {
                    // {"events": [...]} and nothing else; any other object starting with "events" is Jackson's
                    int items = JsonBytes.skipWhitespace(body, name, end);
                    if (items >= end || body[items] != ':') {
                        return null;
                    }
                    items = JsonBytes.skipWhitespace(body, items + 1, end);
                    if (items >= end || body[items] != '[') {
                        return null;
                    }
                    p = JsonBytes.skipWhitespace(body, itemsFast(body, items, end, 2, session, events, rejected), end);
                    if (p >= end || body[p] != '}') {
                        return null;
                    }
                    p++;
                } else {
                    p = eventFast(body, p, end, 0, 0, session, events, rejected);
                }
            } else {
                return null;
            }
        } catch (JsonBytes.Unfit e) {
            return null;
        }
        if (JsonBytes.skipWhitespace(body, p, end) != end) {
            return null;
        }
        return new DecodedBatch(events.size() + rejected.size(), events, rejected);
    }

    /**
     * Where the property name whose opening quote should be at {@code p} ends (after its closing quote); {@code p}
     * itself when there is no name there (an empty object), -1 when it has escapes (Jackson reads those).
     */
    private static int plainName(byte[] body, int p, int end) {
        if (p >= end || body[p] != '"') {
            return p;
        }
        for (int i = p + 1; i < end; i++) {
            if (body[i] == '"') {
                return i + 1;
            }
            if (body[i] == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** The events of the array at {@code p}, itself at {@code depth}; the position after the array. */
    private int itemsFast(byte[] body, int p, int end, int depth, EventDecoder.Session session,
            List<DecodedBatch.IndexedEvent> events, List<DecodedBatch.Rejection> rejected) {
        p = JsonBytes.skipWhitespace(body, p + 1, end);
        if (p < end && body[p] == ']') {
            return p + 1;
        }
        int index = 0;
        while (true) {
            if (index >= maxEvents) {
                // the refusal is worded by the Jackson path
                throw JsonBytes.unfit();
            }
            p = JsonBytes.separator(body, eventFast(body, p, end, depth, index++, session, events, rejected), end, ']');
            if (p < 0) {
                return ~p;
            }
        }
    }

    /** The event object at {@code p}, decoded or rejected by index; the position after it. */
    private static int eventFast(byte[] body, int p, int end, int depth, int index, EventDecoder.Session session,
            List<DecodedBatch.IndexedEvent> events, List<DecodedBatch.Rejection> rejected) {
        try {
            events.add(new DecodedBatch.IndexedEvent(index, session.decodeBytes(body, p, end, depth)));
        } catch (InvalidEventException e) {
            rejected.add(new DecodedBatch.Rejection(index, e.getMessage()));
        }
        return session.scanned();
    }

    /** The Jackson path: every body, every error with its line and column. */
    DecodedBatch decodeJsonJackson(byte[] body) {
        return decodeJsonJackson(body, body.length);
    }

    private DecodedBatch decodeJsonJackson(byte[] body, int length) {
        List<DecodedBatch.IndexedEvent> events = new ArrayList<>();
        List<DecodedBatch.Rejection> rejected = new ArrayList<>();
        EventDecoder.Session session = decoder.session();
        int received = 0;
        try (JsonParser parser = json.createParser(body, 0, length)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw ApiException.badRequest("The request body is empty; send a JSON array of events, "
                        + "{\"events\": [...]}, a single event object, or NDJSON");
            }
            if (first == JsonToken.START_ARRAY) {
                received = readArray(parser, session, body, events, rejected, 0, maxEvents);
            } else if (first == JsonToken.START_OBJECT) {
                Shape shape = wrapper(parser, session, body, events, rejected);
                if (shape == Shape.EVENT) {
                    return single(body, length, session);
                }
                if (shape == Shape.UNSURE) {
                    return unsure(body, length);
                }
                received = events.size() + rejected.size();
                if (received > maxEvents) {
                    checkCount(received);
                }
            } else {
                throw ApiException.badRequest("The request body must be a JSON array or object, not "
                        + describe(first));
            }
            checkTrailing(parser);
        } catch (StreamConstraintsException e) {
            throw limitExceeded(e);
        } catch (JacksonException e) {
            throw malformed(e.getOriginalMessage(), e.getLocation());
        }
        return new DecodedBatch(received, events, rejected);
    }

    /** What a body that is a JSON object turned out to be. */
    private enum Shape {
        /** exactly {@code {"events": [...]}}: its items were decoded */
        WRAPPER,
        /** an event: its first key is not {@code events} */
        EVENT,
        /** starts with an {@code events} key but is not just that; decided on the parsed tree */
        UNSURE
    }

    /**
     * Reads {@code {"events": [...]}} in one pass when the body is exactly that; otherwise reads as far as it must to
     * tell. The count limit waits until the wrapper is certain: an event may have an {@code events} array of its own.
     */
    private Shape wrapper(JsonParser parser, EventDecoder.Session session, byte[] body,
            List<DecodedBatch.IndexedEvent> events, List<DecodedBatch.Rejection> rejected) {
        if (parser.nextToken() != JsonToken.PROPERTY_NAME || !"events".equals(parser.currentName())) {
            return Shape.EVENT;
        }
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            return Shape.UNSURE;
        }
        readArray(parser, session, body, events, rejected, 0, Integer.MAX_VALUE);
        return parser.nextToken() == JsonToken.END_OBJECT ? Shape.WRAPPER : Shape.UNSURE;
    }

    /** The body is one event object. */
    private DecodedBatch single(byte[] body, int length, EventDecoder.Session session) {
        List<DecodedBatch.IndexedEvent> events = new ArrayList<>(1);
        List<DecodedBatch.Rejection> rejected = new ArrayList<>(1);
        try (JsonParser parser = json.createParser(body, 0, length)) {
            parser.nextToken();
            decode(parser, session, body, 0, 0, events, rejected);
            checkTrailing(parser);
        } catch (StreamConstraintsException e) {
            throw limitExceeded(e);
        } catch (JacksonException e) {
            throw malformed(e.getOriginalMessage(), e.getLocation());
        }
        return new DecodedBatch(1, events, rejected);
    }

    /**
     * An object whose first key is {@code events} but that is not just that key with an array: as a tree it may still
     * be the wrapper ({@code {"events": 1, "events": [...]}} keeps the last), so it is read as one.
     */
    private DecodedBatch unsure(byte[] body, int length) {
        List<DecodedBatch.IndexedEvent> events = new ArrayList<>();
        List<DecodedBatch.Rejection> rejected = new ArrayList<>();
        int received = 0;
        try (JsonParser parser = json.createParser(body, 0, length)) {
            JsonNode object = json.readTree(parser);
            JsonNode wrapped = object.get("events");
            if (wrapped != null && wrapped.isArray() && object.size() == 1) {
                for (JsonNode item : wrapped) {
                    checkCount(received);
                    accept(item, received++, events, rejected);
                }
            } else {
                accept(object, received++, events, rejected);
            }
            checkTrailing(parser);
        } catch (StreamConstraintsException e) {
            throw limitExceeded(e);
        } catch (JacksonException e) {
            throw malformed(e.getOriginalMessage(), e.getLocation());
        }
        return new DecodedBatch(received, events, rejected);
    }

    /** Decodes NDJSON; each line goes the byte-level way when it can, else through Jackson. */
    DecodedBatch decodeNdjson(byte[] body) {
        return decodeNdjson(body, body.length, true);
    }

    /** Decodes the first {@code length} bytes of {@code body} as NDJSON. */
    DecodedBatch decodeNdjson(byte[] body, int length) {
        return decodeNdjson(body, length, true);
    }

    /** NDJSON through Jackson alone, line by line (what {@link #decodeNdjson} must equal). */
    DecodedBatch decodeNdjsonJackson(byte[] body) {
        return decodeNdjson(body, body.length, false);
    }

    private DecodedBatch decodeNdjson(byte[] body, int length, boolean fast) {
        List<DecodedBatch.IndexedEvent> events = new ArrayList<>();
        List<DecodedBatch.Rejection> rejected = new ArrayList<>();
        EventDecoder.Session session = decoder.session();
        int received = 0;
        int line = 0;
        int start = 0;
        while (start < length) {
            int end = start;
            while (end < length && body[end] != '\n') {
                end++;
            }
            line++;
            int last = end;
            if (last > start && body[last - 1] == '\r') {
                last--;
            }
            if (!blank(body, start, last)) {
                checkCount(received);
                int index = received++;
                if (fast && lineFast(body, start, last, index, session, events, rejected)) {
                    start = end + 1;
                    continue;
                }
                try (JsonParser parser = json.createParser(body, start, last - start)) {
                    List<DecodedBatch.IndexedEvent> decoded = new ArrayList<>(1);
                    List<DecodedBatch.Rejection> refused = new ArrayList<>(1);
                    parser.nextToken();
                    decode(parser, session, body, start, index, decoded, refused);
                    if (parser.nextToken() != null) {
                        rejected.add(new DecodedBatch.Rejection(index, "line " + line
                                + ": more than one JSON value on one line"));
                    } else {
                        events.addAll(decoded);
                        rejected.addAll(refused);
                    }
                } catch (StreamConstraintsException e) {
                    throw limitExceeded(e);
                } catch (JacksonException e) {
                    TokenStreamLocation location = e.getLocation();
                    rejected.add(new DecodedBatch.Rejection(index, "line " + line
                            + (location != null && location.getColumnNr() > 0 ? ", column " + location.getColumnNr() : "")
                            + ": not JSON: " + firstLine(e.getOriginalMessage())));
                }
            }
            start = end + 1;
        }
        return new DecodedBatch(received, events, rejected);
    }

    /** One NDJSON line the byte-level way, if it is a single well-formed object; false leaves it to Jackson. */
    private static boolean lineFast(byte[] body, int start, int last, int index, EventDecoder.Session session,
            List<DecodedBatch.IndexedEvent> events, List<DecodedBatch.Rejection> rejected) {
        int p = JsonBytes.skipWhitespace(body, start, last);
        Event event;
        String rejection = null;
        try {
            event = session.decodeBytes(body, p, last, 0);
        } catch (JsonBytes.Unfit e) {
            return false;
        } catch (InvalidEventException e) {
            event = null;
            rejection = e.getMessage();
        }
        if (JsonBytes.skipWhitespace(body, session.scanned(), last) != last) {
            return false;
        }
        if (event != null) {
            events.add(new DecodedBatch.IndexedEvent(index, event));
        } else {
            rejected.add(new DecodedBatch.Rejection(index, rejection));
        }
        return true;
    }

    private int readArray(JsonParser parser, EventDecoder.Session session, byte[] body,
            List<DecodedBatch.IndexedEvent> events, List<DecodedBatch.Rejection> rejected, int received, int limit) {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == null) {
                throw malformed("The JSON array is not closed", parser.currentTokenLocation());
            }
            if (received >= limit) {
                checkCount(received);
            }
            decode(parser, session, body, 0, received++, events, rejected);
        }
        return received;
    }

    /** Decodes the item the parser is at (the parser reads {@code body} from {@code base}), or rejects it. */
    private static void decode(JsonParser parser, EventDecoder.Session session, byte[] body, int base, int index,
            List<DecodedBatch.IndexedEvent> events, List<DecodedBatch.Rejection> rejected) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            if (parser.currentToken() != null) {
                parser.skipChildren();
            }
            rejected.add(new DecodedBatch.Rejection(index, NOT_AN_OBJECT));
            return;
        }
        try {
            events.add(new DecodedBatch.IndexedEvent(index, session.decode(parser, body, base)));
        } catch (InvalidEventException e) {
            rejected.add(new DecodedBatch.Rejection(index, e.getMessage()));
        }
    }

    private static void checkTrailing(JsonParser parser) {
        if (parser.nextToken() != null) {
            throw malformed("Unexpected content after the end of the JSON value (send NDJSON as "
                    + "application/x-ndjson)", parser.currentTokenLocation());
        }
    }

    private void accept(JsonNode item, int index, List<DecodedBatch.IndexedEvent> events,
            List<DecodedBatch.Rejection> rejected) {
        try {
            events.add(new DecodedBatch.IndexedEvent(index, Event.from(item, timestampField)));
        } catch (InvalidEventException e) {
            rejected.add(new DecodedBatch.Rejection(index, e.getMessage()));
        }
    }

    private void checkCount(int received) {
        if (received >= maxEvents) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "too-many-events", "Too many events",
                    "A batch may hold at most " + maxEvents + " events; split it", Map.of("max_events", maxEvents));
        }
    }

    private static ApiException malformed(String message, TokenStreamLocation location) {
        String where = location != null && location.getLineNr() > 0
                ? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
        return new ApiException(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                firstLine(message) + where,
                location != null && location.getLineNr() > 0
                        ? Map.of("line", location.getLineNr(), "column", location.getColumnNr()) : Map.of());
    }

    private static ApiException limitExceeded(StreamConstraintsException e) {
        String message = firstLine(e.getOriginalMessage());
        boolean nesting = message.toLowerCase(java.util.Locale.ROOT).contains("nesting");
        return new ApiException(nesting ? HttpStatus.BAD_REQUEST : HttpStatus.CONTENT_TOO_LARGE,
                "limit-exceeded", "Input limit exceeded", message);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    private static boolean blank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid JSON";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
