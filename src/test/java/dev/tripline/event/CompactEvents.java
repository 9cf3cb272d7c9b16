package dev.tripline.event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Test support: tree events turned into the compact events ingest makes, so that a suite can run the same cases on
 * both. The events are written as one JSON array and decoded by an {@link EventDecoder}; each keeps the time of the
 * tree event it came from (some suites set times apart from any field).
 */
public final class CompactEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CompactEvents() {
    }

    /** A registry holding these fields (the defaults, {@code @timestamp} and {@code event.id}, as its core). */
    public static FieldRegistry registry(Collection<FieldPath> fields) {
        FieldRegistry registry = FieldRegistry.withDefaults();
        registry.registerAll(fields);
        return registry;
    }

    public static List<Event> of(List<Event> trees, Collection<FieldPath> fields) {
        return of(trees, registry(fields));
    }

    public static List<Event> of(List<Event> trees, FieldRegistry fields) {
        ArrayNode array = JSON.createArrayNode();
        trees.forEach(event -> array.add(event.document()));
        byte[] body = JSON.writeValueAsBytes(array);
        EventDecoder.Session session = new EventDecoder(fields, JSON, Event.DEFAULT_TIMESTAMP).session();
        List<Event> compact = new ArrayList<>(trees.size());
        try (JsonParser parser = JSON.createParser(body)) {
            parser.nextToken();
            for (Event tree : trees) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalStateException("expected an event object");
                }
                compact.add(session.decodeAt(parser, body, 0, tree.timestampNanos()));
            }
        }
        return compact;
    }

    public static Event of(Event tree, Collection<FieldPath> fields) {
        return of(List.of(tree), fields).get(0);
    }
}
