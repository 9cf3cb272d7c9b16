package dev.tripline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventDecoderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long BASE_SEED = 0x5EED_C0DEL;
    private static final String[] SEGMENTS = {"a", "b", "c", "x"};

    private static final String DEFEND = """
            {"@timestamp": "2026-11-27T10:00:00.5Z", "agent": {"type": "endpoint"},
             "event": {"action": "exec", "category": ["process"], "type": ["start"], "id": "e-1", "sequence": 42},
             "host": {"id": "h-1", "os": {"type": "linux"}, "ip": ["10.0.0.1", "fe80::1"]},
             "process": {"name": "bash", "args": ["bash", "-i"], "entity_id": "p-1", "pid": 4242,
                         "parent": {"name": "nc", "pid": 1}}}""";

    @Test
    void registeredFieldsAreReadFromSlotsWithoutParsingTheDocument() {
        FieldRegistry fields = FieldRegistry.withDefaults();
        fields.register(path("event.action"), path("event.category"), path("host.ip"), path("process.parent.name"),
                path("process.pid"), path("event.sequence"), path("process.missing"));
        Event event = decode(DEFEND, fields);

        assertThat(event.isCompact()).isTrue();
        assertThat(event.timestampNanos()).isEqualTo(Timestamps.parse("2026-11-27T10:00:00.5Z"));
        assertThat(event.get(path("event.action")).stringValue()).isEqualTo("exec");
        assertThat(event.get(path("event.category")).toString()).isEqualTo("[\"process\"]");
        assertThat(event.get(path("host.ip")).size()).isEqualTo(2);
        assertThat(event.get(path("process.parent.name")).stringValue()).isEqualTo("nc");
        assertThat(event.get(path("process.pid")).intValue()).isEqualTo(4242);
        assertThat(event.get(path("process.missing"))).isNull();
        assertThat(event.key()).isEqualTo("e-1");
        assertThat(event.hasParsedDocument()).as("every read so far came from a slot").isFalse();

        assertThat(event.get(path("process.args")).size()).as("an unregistered field, from the document").isEqualTo(2);
        assertThat(event.hasParsedDocument()).isTrue();
        assertThat(event.document()).isEqualTo(JSON.readTree(DEFEND));
    }

    @Test
    void leavesObjectsArraysOfObjectsAndRepeatedKeysToTheDocument() {
        String json = """
                {"@timestamp": 1, "obj": {"k": 1}, "list": [{"n": "a"}, {"n": ["b", "c"]}], "nested": [[1], 2],
                 "twice": {"v": 1}, "twice": {"v": 2, "w": 3}}""";
        FieldRegistry fields = FieldRegistry.withDefaults();
        List<FieldPath> paths = List.of(path("obj"), path("list.n"), path("nested"), path("twice.v"), path("twice.w"));
        fields.registerAll(paths);
        Event event = decode(json, fields);
        JsonNode tree = JSON.readTree(json);

        for (FieldPath p : paths) {
            assertThat(event.slot(p)).as("%s is left to the document", p).isSameAs(Event.UNRESOLVED);
            assertThat(event.get(p)).as(p.toString()).isEqualTo(p.resolve(tree));
        }
        assertThat(event.get(path("twice.v")).intValue()).as("the last of a repeated key wins").isEqualTo(2);
        assertThat(event.get(path("list.n")).toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
    }

    @Test
    void aFieldRegisteredAfterDecodingIsReadFromTheDocument() {
        FieldRegistry fields = FieldRegistry.withDefaults();
        Event event = decode(DEFEND, fields);
        fields.register(path("process.name"));

        assertThat(event.get(path("process.name")).stringValue()).isEqualTo("bash");
        assertThat(decode(DEFEND, fields).slot(path("process.name")).stringValue())
                .as("events decoded from now on have the slot").isEqualTo("bash");
    }

    @Test
    void theRawJsonIsASliceOfTheBodyUntilRetainedThenACopy() {
        byte[] body = ("[" + DEFEND + "]").getBytes(StandardCharsets.UTF_8);
        FieldRegistry fields = new FieldRegistry(List.of(Event.DEFAULT_TIMESTAMP, Event.EVENT_ID, path("host.id")));
        fields.register(path("process.name"));
        EventDecoder.Session session = new EventDecoder(fields, JSON, Event.DEFAULT_TIMESTAMP).session();
        Event event;
        try (JsonParser parser = JSON.createParser(body)) {
            parser.nextToken();
            parser.nextToken();
            event = session.decode(parser, body, 0);
        }
        Event retained = event.retained();
        int at = new String(body, StandardCharsets.UTF_8).indexOf("\"bash\"") + 1;
        body[at] = 'z';

        assertThat(event.document().path("process").path("name").stringValue())
                .as("the event reads the body it came in").isEqualTo("zash");
        assertThat(retained.document().path("process").path("name").stringValue())
                .as("the retained copy has its own bytes").isEqualTo("bash");
        assertThat(retained.slot(path("host.id"))).as("no slot is kept, core or not").isSameAs(Event.UNRESOLVED);
        assertThat(retained.slot(path("process.name"))).isSameAs(Event.UNRESOLVED);
        assertThat(retained.get(path("host.id")).stringValue()).as("read from the copy's document").isEqualTo("h-1");
        assertThat(retained.isPartitionedBy(path("host.id"))).isEqualTo(event.isPartitionedBy(path("host.id")));
        assertThat(retained.partitionFirst()).isEqualTo(event.partitionFirst());
        assertThat(retained.get(path("process.name")).stringValue()).isEqualTo("bash");
        assertThat(retained.key()).isEqualTo("e-1");
        assertThat(retained.timestampNanos()).isEqualTo(event.timestampNanos());
        assertThat(retained.retained()).isSameAs(retained);
    }

    @Test
    void theDecoderFingerprintsThePartitionFieldAsTheTreeEventsValueWouldBe() {
        FieldRegistry fields = FieldRegistry.withDefaults();
        fields.partitionBy(path("host.id"));
        String[] hosts = {"\"h-1\"", "[\"h-1\"]", "\"a-host-id-of-thirty-two-chars-xx\"", "\"h\\u00e9\"", "4242",
            "null"};
        for (String host : hosts) {
            String json = "{\"@timestamp\": 1, \"host\": {\"id\": " + host + "}}";
            KeyFingerprint expected = KeyFingerprint.ofValue(Event.from(JSON.readTree(json)).get(path("host.id")));
            for (Event event : new Event[] {decode(json, fields), decodeBytes(json, fields)}) {
                if (event == null) {
                    continue; // the byte path left it to Jackson (escapes): the parser path above covers it
                }
                assertThat(event.isPartitionedBy(path("host.id"))).as(host).isTrue();
                assertThat(new KeyFingerprint(event.partitionFirst(), event.partitionSecond())).as(host)
                        .isEqualTo(expected);
                Event kept = event.retained();
                assertThat(new KeyFingerprint(kept.partitionFirst(), kept.partitionSecond())).isEqualTo(expected);
            }
        }
        assertThat(decodeBytes("{\"@timestamp\": 1, \"host\": {\"id\": \"h-1\"}}", fields))
                .as("the byte path takes a plain host id").isNotNull();
        assertThat(KeyFingerprint.ofValue(JSON.readTree("\"h-1\""))).isNotEqualTo(
                KeyFingerprint.ofValue(JSON.readTree("\"h-2\"")));
        assertThat(decode(DEFEND, FieldRegistry.withDefaults()).isPartitionedBy(path("host.id")))
                .as("a registry without a partition field").isFalse();
        assertThat(Event.from(JSON.readTree(DEFEND)).isPartitionedBy(path("host.id"))).as("a tree event").isFalse();
    }

    @Test
    void anEventWithoutIdHasTheKeyOfItsTreeTwin() {
        String json = "{\"@timestamp\": 1, \"b\": [1, 2.5, null], \"a\": {\"y\": true, \"x\": \"é\"}}";
        Event compact = decode(json, FieldRegistry.withDefaults());
        assertThat(compact.key()).startsWith("sha256:").isEqualTo(Event.from(JSON.readTree(json)).key());
        assertThat(decode("{\"@timestamp\": 1, \"event\": {\"id\": 7}}", FieldRegistry.withDefaults()).key())
                .isEqualTo("7");
    }

    @Test
    void refusesEventsWithoutATimeAsTheTreePathDoes() {
        for (String json : List.of("{\"a\": 1}", "{\"@timestamp\": \"yesterday\"}", "{\"@timestamp\": {\"t\": 1}}",
                "{\"@timestamp\": [1, 2]}")) {
            String expected = catchMessage(() -> Event.from(JSON.readTree(json)));
            assertThatThrownBy(() -> decode(json, FieldRegistry.withDefaults()))
                    .isInstanceOf(InvalidEventException.class).hasMessage(expected);
        }
        assertThat(decode("{\"@timestamp\": [\"1970-01-01T00:00:01Z\"]}", FieldRegistry.withDefaults())
                .timestampNanos()).isEqualTo(1_000_000_000L);
    }

    /**
     * The property the decoder rests on: for random documents (nested objects, flattened dotted keys, mixes of both,
     * arrays of scalars, of objects and of arrays, repeated keys, escaped names, every kind of number) and random
     * registered fields, a compact event answers every read, registered field or not, exactly as the parsed document
     * does.
     */
    @RepeatedTest(400)
    void compactEventsAnswerEveryReadAsTheParsedDocumentDoes(RepetitionInfo repetition) {
        long seed = Long.getLong("tripline.event.seed", BASE_SEED + repetition.getCurrentRepetition());
        Random random = new Random(seed);
        List<FieldPath> universe = universe();
        FieldRegistry fields = FieldRegistry.withDefaults();
        for (FieldPath p : universe) {
            if (random.nextInt(3) == 0) {
                fields.register(p);
            }
        }
        for (int d = 0; d < 5; d++) {
            String json = "{\"@timestamp\": 1, " + members(random, 0) + "}";
            JsonNode tree = JSON.readTree(json);
            Event event = decode(json, fields);
            for (FieldPath p : universe) {
                assertThat(event.get(p)).as("seed %d (replay with -Dtripline.event.seed=%d), %s in %s", seed, seed,
                        p, json).isEqualTo(p.resolve(tree));
            }
            assertThat(event.key()).as("seed %d: key", seed).isEqualTo(Event.from(tree).key());
            Event scanned = decodeBytes(json, fields);
            if (scanned == null) {
                assertThat(json).as("seed %d: only escaped names are left to Jackson", seed).contains("\\u00");
                continue;
            }
            for (FieldPath p : universe) {
                assertThat(scanned.get(p)).as("seed %d (replay with -Dtripline.event.seed=%d), bytes, %s in %s", seed,
                        seed, p, json).isEqualTo(p.resolve(tree));
            }
            assertThat(scanned.document()).as("seed %d: bytes, document", seed).isEqualTo(tree);
            assertThat(scanned.timestampNanos()).isEqualTo(event.timestampNanos());
        }
    }

    private static List<FieldPath> universe() {
        List<FieldPath> paths = new ArrayList<>();
        List<String> prefixes = List.of("");
        for (int depth = 1; depth <= 4; depth++) {
            List<String> next = new ArrayList<>();
            for (String prefix : prefixes) {
                for (String segment : SEGMENTS) {
                    String dotted = prefix.isEmpty() ? segment : prefix + "." + segment;
                    next.add(dotted);
                    paths.add(path(dotted));
                }
            }
            prefixes = next;
        }
        return paths;
    }

    /** The members of a random object: keys that are paths of one to three segments, some repeated. */
    private static String members(Random random, int depth) {
        StringBuilder out = new StringBuilder();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(", ");
            }
            int segments = 1 + (random.nextInt(3) == 0 ? random.nextInt(3) : 0);
            StringBuilder key = new StringBuilder();
            for (int s = 0; s < segments; s++) {
                key.append(s > 0 ? "." : "").append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
            }
            String name = key.toString();
            if (random.nextInt(10) == 0) {
                name = "\\u00" + Integer.toHexString(name.charAt(0)) + name.substring(1);
            }
            out.append('"').append(name).append("\": ").append(value(random, depth));
        }
        return out.toString();
    }

    private static String value(Random random, int depth) {
        int roll = random.nextInt(depth >= 3 ? 8 : 12);
        return switch (roll) {
            case 0 -> "\"" + List.of("p", "q", "exec", "", "7", "true", "caf\u00e9", "a\\\"b").get(random.nextInt(8))
                    + "\"";
            case 1 -> Integer.toString(random.nextInt(20) - 5);
            case 2 -> List.of("12345678901", "123456789012345678901234", "-9223372036854775808").get(random.nextInt(3));
            case 3 -> List.of("1.5", "1.0", "-0.0", "1e400", "2.5e-3").get(random.nextInt(5));
            case 4 -> random.nextBoolean() ? "true" : "false";
            case 5 -> "null";
            case 6, 7 -> "[" + String.join(", ", scalars(random)) + "]";
            case 8, 9 -> "{" + members(random, depth + 1) + "}";
            case 10 -> "[{" + members(random, depth + 1) + "}, {" + members(random, depth + 1) + "}, 3]";
            default -> "[[1, \"p\"], " + value(random, depth + 1) + "]";
        };
    }

    private static List<String> scalars(Random random) {
        List<String> values = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            values.add(value(random, 3));
        }
        return values;
    }

    @Test
    void aShortValueIsSharedFromItsSecondOccurrenceOnBothPaths() {
        FieldRegistry fields = FieldRegistry.withDefaults();
        fields.register(path("process.name"));
        EventDecoder decoder = new EventDecoder(fields, JSON, Event.DEFAULT_TIMESTAMP);
        String json = "{\"@timestamp\":\"2026-12-06T10:00:00Z\",\"process\":{\"name\":\"%s\"}}";
        for (String name : List.of("socat", "ncat")) {
            byte[] body = ("  " + json.formatted(name) + "\n").getBytes(StandardCharsets.UTF_8);
            List<JsonNode> bytePath = new ArrayList<>();
            List<JsonNode> jacksonPath = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                bytePath.add(decoder.session().decodeBytes(body, 2, body.length, 0).slot(path("process.name")));
            }
            for (int i = 0; i < 3; i++) {
                try (JsonParser parser = JSON.createParser(body, 2, body.length - 2)) {
                    parser.nextToken();
                    jacksonPath.add(decoder.session().decode(parser, body, 2).slot(path("process.name")));
                }
            }

            assertThat(bytePath).allSatisfy(node -> assertThat(node.stringValue()).isEqualTo(name));
            assertThat(bytePath.get(1)).as("seen once: not kept").isNotSameAs(bytePath.get(0));
            assertThat(bytePath.get(2)).as("kept from its second occurrence").isSameAs(bytePath.get(1));
            assertThat(jacksonPath).as("the Jackson path shares the same table")
                    .allSatisfy(node -> assertThat(node).isSameAs(bytePath.get(1)));
        }
    }

    @Test
    void aRegisteredValueIsDecodedAsTheRegisteredInstanceFromItsFirstOccurrenceOnBothPaths() {
        FieldRegistry fields = FieldRegistry.withDefaults();
        fields.register(path("event.action"), path("event.category"));
        EventDecoder decoder = new EventDecoder(fields, JSON, Event.DEFAULT_TIMESTAMP);
        // new instances, as a rule's parser makes them: not the literals the JSON below is built from
        String exec = new String("exec".toCharArray());
        String process = new String("process".toCharArray());
        fields.registerValues(List.of(exec, process));
        String json = "{\"@timestamp\":\"2026-12-06T10:00:00Z\",\"event\":{\"action\":\"%s\",\"category\":[\"%s\"]}}";
        byte[] body = ("  " + json.formatted("exec", "process") + "\n").getBytes(StandardCharsets.UTF_8);

        Event bytePath = decoder.session().decodeBytes(body, 2, body.length, 0);
        Event jacksonPath;
        try (JsonParser parser = JSON.createParser(body, 2, body.length - 2)) {
            parser.nextToken();
            jacksonPath = decoder.session().decode(parser, body, 2);
        }

        for (Event event : List.of(bytePath, jacksonPath)) {
            assertThat(event.slot(path("event.action")).stringValue()).isSameAs(exec);
            assertThat(event.slot(path("event.category")).get(0).stringValue()).isSameAs(process);
        }
    }

    @Test
    void aRegisteredValueKeepsItsPlaceInTheSharedTableWhateverElseComes() {
        FieldRegistry fields = FieldRegistry.withDefaults();
        fields.register(path("process.name"));
        EventDecoder decoder = new EventDecoder(fields, JSON, Event.DEFAULT_TIMESTAMP);
        String bash = new String("bash".toCharArray());
        fields.registerValues(List.of(bash));
        String json = "{\"@timestamp\":\"2026-12-06T10:00:00Z\",\"process\":{\"name\":\"%s\"}}";
        EventDecoder.Session session = decoder.session();
        // a value at the same place in the table, recurring: it would take the place of any value not pinned there
        String rival = sameTablePlace("bash");
        for (int i = 0; i < 1_000; i++) {
            byte[] body = json.formatted(rival).getBytes(StandardCharsets.UTF_8);
            assertThat(session.decodeBytes(body, 0, body.length, 0).slot(path("process.name")).stringValue())
                    .isEqualTo(rival);
        }
        byte[] body = json.formatted("bash").getBytes(StandardCharsets.UTF_8);

        assertThat(session.decodeBytes(body, 0, body.length, 0).slot(path("process.name")).stringValue())
                .isSameAs(bash);
    }

    /** Another short value that the decoder's table of shared strings files at the same place as {@code value}. */
    private static String sameTablePlace(String value) {
        for (int i = 0; ; i++) {
            String candidate = "v" + i;
            if (!candidate.equals(value) && EventDecoder.placeOf(candidate) == EventDecoder.placeOf(value)) {
                return candidate;
            }
        }
    }

    private static Event decode(String json, FieldRegistry fields) {
        byte[] body = ("  " + json + "\n").getBytes(StandardCharsets.UTF_8);
        EventDecoder.Session session = new EventDecoder(fields, JSON, Event.DEFAULT_TIMESTAMP).session();
        try (JsonParser parser = JSON.createParser(body, 2, body.length - 2)) {
            parser.nextToken();
            return session.decode(parser, body, 2);
        }
    }

    /** The byte path's event, or {@code null} when it leaves the document to Jackson. */
    private static Event decodeBytes(String json, FieldRegistry fields) {
        byte[] body = ("  " + json + "\n").getBytes(StandardCharsets.UTF_8);
        EventDecoder.Session session = new EventDecoder(fields, JSON, Event.DEFAULT_TIMESTAMP).session();
        try {
            Event event = session.decodeBytes(body, 2, body.length, 0);
            assertThat(session.scanned()).isEqualTo(body.length - 1);
            return event;
        } catch (JsonBytes.Unfit e) {
            return null;
        }
    }

    private static String catchMessage(Runnable action) {
        try {
            action.run();
        } catch (InvalidEventException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a refusal");
    }

    private static FieldPath path(String dotted) {
        return FieldPath.of(dotted);
    }
}
