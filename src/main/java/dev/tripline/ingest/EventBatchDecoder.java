package dev.tripline.ingest;

import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import dev.tripline.event.InvalidEventException;
import dev.tripline.web.ApiException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
 */
final class EventBatchDecoder {

    private final JsonMapper json;
    private final int maxEvents;
    private final FieldPath timestampField;

    EventBatchDecoder(int maxEvents, int maxNestingDepth, int maxStringLength, FieldPath timestampField) {
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
    }

    DecodedBatch decodeJson(byte[] body) {
        List<DecodedBatch.IndexedEvent> events = new ArrayList<>();
        List<DecodedBatch.Rejection> rejected = new ArrayList<>();
        int received = 0;
        try (JsonParser parser = json.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw ApiException.badRequest("The request body is empty; send a JSON array of events, "
                        + "{\"events\": [...]}, a single event object, or NDJSON");
            }
            if (first == JsonToken.START_ARRAY) {
                received = readArray(parser, events, rejected, 0);
            } else if (first == JsonToken.START_OBJECT) {
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
            } else {
                throw ApiException.badRequest("The request body must be a JSON array or object, not "
                        + describe(first));
            }
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw malformed("Unexpected content after the end of the JSON value (send NDJSON as "
                        + "application/x-ndjson)", parser.currentTokenLocation());
            }
        } catch (StreamConstraintsException e) {
            throw limitExceeded(e);
        } catch (JacksonException e) {
            throw malformed(e.getOriginalMessage(), e.getLocation());
        }
        return new DecodedBatch(received, events, rejected, sha256(body));
    }

    DecodedBatch decodeNdjson(byte[] body) {
        List<DecodedBatch.IndexedEvent> events = new ArrayList<>();
        List<DecodedBatch.Rejection> rejected = new ArrayList<>();
        int received = 0;
        int line = 0;
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
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
                try (JsonParser parser = json.createParser(body, start, last - start)) {
                    JsonNode item = json.readTree(parser);
                    if (parser.nextToken() != null) {
                        rejected.add(new DecodedBatch.Rejection(index, "line " + line
                                + ": more than one JSON value on one line"));
                    } else {
                        accept(item, index, events, rejected);
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
        return new DecodedBatch(received, events, rejected, sha256(body));
    }

    private int readArray(JsonParser parser, List<DecodedBatch.IndexedEvent> events,
            List<DecodedBatch.Rejection> rejected, int received) {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw malformed("The JSON array is not closed", parser.currentTokenLocation());
            }
            checkCount(received);
            JsonNode item = json.readTree(parser);
            accept(item, received++, events, rejected);
        }
        return received;
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

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
