package dev.tripline.ingest;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import dev.tripline.event.FieldRegistry;
import dev.tripline.web.ApiException;
import dev.tripline.workload.Workload;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The byte-level path of {@link EventBatchDecoder} against its Jackson path, body by body: realistic, random,
 * corrupted, at the limits. {@code decodeJsonFast} never throws; it returns {@code null} or exactly the batch
 * {@code decodeJsonJackson} returns. {@code decodeJson} and {@code decodeNdjson} end as their Jackson references do:
 * the same refusal (status, slug, title, detail, properties), or the same batch (count, rejections by index and
 * reason, and events with the same index, time and key, answering every read, registered field or not, alike).
 *
 * <p>Seeded: a failure names its seed and shows the body; replay one seed in every repetition with
 * {@code -Dtripline.decode.seed=<seed>}.
 */
class EventBatchDecoderFastPathTest {

    private static final long BASE_SEED = 0xFA57_DEC0DEL;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** the fields the seed rule reads, as a service running it registers them */
    private static final List<FieldPath> SEED_RULE_FIELDS = paths("host.id", "process.entity_id", "process.name",
            "process.parent.name", "process.executable", "event.category", "event.type", "event.action",
            "destination.ip", "process.args", "user.name", "event.id");

    /** what is read of W1 events: the registered fields, and others W1 documents have or lack */
    private static final List<FieldPath> W1_UNIVERSE = union(SEED_RULE_FIELDS, paths("@timestamp", "host.os.type",
            "host.ip", "agent.type", "event.sequence", "event.created", "process", "process.pid",
            "process.parent.pid", "process.parent.executable", "user", "destination.port", "file.path",
            "data_stream.dataset", "process.name.x", "no.such.field"));

    /** the key segments of random documents, one of them not ASCII */
    private static final List<String> SEGMENTS = List.of("process", "parent", "name", "event", "id", "d\u00eda");

    /** what is read of random documents: every path of one to three segments, nested or dotted alike */
    private static final List<FieldPath> RANDOM_UNIVERSE = union(SEED_RULE_FIELDS, randomUniverse());

    private static final List<FieldPath> LIMIT_UNIVERSE = union(SEED_RULE_FIELDS, paths("@timestamp", "message",
            "a", "process", "process.pid", "event"));

    @Test
    void realisticBodiesTakeTheFastPathAndDecodeAsJacksonDoes() {
        Decoders decoders = Decoders.of(10_000, 64, 1_000_000, Event.DEFAULT_TIMESTAMP, SEED_RULE_FIELDS,
                W1_UNIVERSE);
        List<byte[]> bodies = Workload.generateBodies(Workload.W1.scaledDown(500)).bodies().subList(0, 2);
        List<String> declined = new ArrayList<>();
        for (int b = 0; b < bodies.size(); b++) {
            byte[] array = bodies.get(b);
            List<String> events = new ArrayList<>();
            JSON.readTree(array).forEach(event -> events.add(JSON.writeValueAsString(event)));
            String name = "W1 body " + b;

            if (!assertJsonDecodesAsJacksonDoes(decoders, array, context(name + " as an array", array))) {
                declined.add(name + " as an array");
            }
            byte[] wrapper = bytes("{\"events\":" + new String(array, UTF_8) + "}");
            if (!assertJsonDecodesAsJacksonDoes(decoders, wrapper, context(name + " in a wrapper", wrapper))) {
                declined.add(name + " in a wrapper");
            }
            int singlesDeclined = 0;
            for (int e = 0; e < 20; e++) {
                byte[] single = bytes(events.get(e));
                if (!assertJsonDecodesAsJacksonDoes(decoders, single, context(name + " event " + e, single))) {
                    singlesDeclined++;
                }
            }
            if (singlesDeclined > 0) {
                declined.add(name + ": " + singlesDeclined + " of its first 20 events alone");
            }
            StringBuilder ndjson = new StringBuilder();
            for (int e = 0; e < events.size(); e++) {
                ndjson.append(events.get(e)).append("\r\n").append(e % 100 == 0 ? "\r\n \t\n" : "");
            }
            byte[] lines = bytes(ndjson.toString());
            assertNdjsonDecodesAsJacksonDoes(decoders, lines, context(name + " as NDJSON", lines));
        }
        assertThat(declined).as("realistic bodies that decodeJsonFast left to Jackson").isEmpty();
    }

    @Test
    void edgeCaseBodiesDecodeAsJacksonDoes() {
        Decoders decoders = Decoders.of(3, 16, 1_000, Event.DEFAULT_TIMESTAMP, SEED_RULE_FIELDS, RANDOM_UNIVERSE);
        String event = "{\"@timestamp\": 1}";
        List<String> bodies = List.of("", " \r\n\t", "[]", "{}", "[ ]", "{\"events\": []}", "{\"events\": {}}",
                "{\"events\": null}", "\ufeff[" + event + "]", "[" + event + "]\n", "[" + event + "] x",
                "[" + event + ",]", "[" + event, "[" + event + "]]", "42", "\"event\"", "null", "[[]]",
                "[" + event + ", 1, \"s\", null, [], {}]", "{\"@timestamp\": 1, \"@timestamp\": \"yesterday\"}",
                "{\"events\": [1, 2], \"@timestamp\": 1}", "{\"events\": [" + event + "], \"@timestamp\": 2}",
                "{\"@timestamp\": 1, \"events\": [{}, {}, {}, {}]}", "{\"events\": [{}, {}, {}, {}]}",
                "{\"\\u0065vents\": [" + event + "]}", "{\"events\": 1, \"events\": [" + event + "]}",
                "[{\"@timestamp\": \"2026-11-27T10:00:00\\u005a\"}]", "[{\"\\u0040timestamp\": 1}]",
                "[{\"@timestamp\": [\"2026-11-27T10:00:00Z\"], \"event\": {\"id\": \"\"}}]",
                "[{\"@timestamp\": 1, \"event.id\": \"a\", \"event\": {\"id\": \"b\"}}]",
                "[{\"@timestamp\": 1, \"process\": {\"name\": \"a\"}, \"process\": {\"pid\": 2}}]",
                event + "\n" + event, event + " " + event);
        for (String text : bodies) {
            byte[] body = bytes(text);
            assertJsonDecodesAsJacksonDoes(decoders, body, context("edge case", body));
            assertNdjsonDecodesAsJacksonDoes(decoders, body, context("edge case as NDJSON", body));
        }
    }

    /**
     * Random documents: nested objects, dotted keys and mixes, repeated keys, arrays of scalars, objects and arrays,
     * escapes in values and names, raw UTF-8 of every width, numbers of every kind, whitespace between any tokens,
     * times valid and not, items that are not objects; as an array, in the wrapper, alone, and NDJSON (which as JSON
     * is mostly trailing content).
     */
    @RepeatedTest(200)
    void randomDocumentsDecodeAsJacksonDoes(RepetitionInfo repetition) {
        long seed = seed(repetition);
        Random random = new Random(seed);
        Decoders decoders = Decoders.random(random);
        Json json = new Json(random, decoders.timeField(), true);
        Json lines = new Json(random, decoders.timeField(), false);

        assertJsonDecodesAsJacksonDoes(decoders, seed, "array", json.array(json.items()));
        assertJsonDecodesAsJacksonDoes(decoders, seed, "wrapper", json.wrapper(json.items()));
        assertJsonDecodesAsJacksonDoes(decoders, seed, "single", json.single());
        assertJsonDecodesAsJacksonDoes(decoders, seed, "NDJSON", lines.ndjson(lines.items()));
    }

    @RepeatedTest(300)
    void corruptedBodiesAreRefusedOrRejectedAsJacksonDoes(RepetitionInfo repetition) {
        long seed = seed(repetition);
        Random random = new Random(seed);
        Decoders decoders = Decoders.random(random);
        Json json = new Json(random, decoders.timeField(), true);
        String valid = switch (random.nextInt(3)) {
            case 0 -> json.array(json.items());
            case 1 -> json.wrapper(json.items());
            default -> json.single();
        };
        byte[] body = corrupt(random, bytes(valid));
        assertJsonDecodesAsJacksonDoes(decoders, body, context(seed, "corrupted", body));
    }

    /**
     * Around every limit, with characters whose UTF-8 or escaped form is longer than they are: nesting, string
     * values and property names (registered fields, others, the time, the id), number lengths, and the count of
     * events in each shape.
     */
    @Test
    void limitsAreEnforcedAsJacksonDoes() {
        Decoders decoders = Decoders.of(5, 8, 32, Event.DEFAULT_TIMESTAMP, SEED_RULE_FIELDS, LIMIT_UNIVERSE);
        List<String> events = new ArrayList<>();
        for (int levels = 3; levels <= 8; levels++) { // inside the event, itself inside the array or the wrapper
            events.add("{\"@timestamp\": 1, \"a\": " + nested(levels) + "}");
            events.add("{\"process\": {\"name\": " + nested(levels - 1) + "}, \"@timestamp\": 1}");
            events.add("{\"@timestamp\": " + nested(levels) + "}");
        }
        for (String unit : List.of("x", "\u00e9", "\u65e5", "\ud83d\ude00", "\\n", "\\u00e9", "\\ud83d\\ude00",
                "\\\"")) {
            for (int length = 30; length <= 34; length++) {
                String string = "\"" + text(unit, length) + "\"";
                events.add("{\"@timestamp\": 1, \"message\": " + string + "}");
                events.add("{\"@timestamp\": 1, \"process\": {\"name\": " + string + "}}");
                events.add("{\"@timestamp\": 1, \"process.args\": [\"a\", " + string + "]}");
                events.add("{\"@timestamp\": 1, \"event\": {\"id\": " + string + "}}");
                events.add("{\"@timestamp\": " + string + "}");
                events.add("{" + string + ": 1, \"@timestamp\": 1}");
                events.add("{\"@timestamp\": 1, \"process\": {" + string + ": \"x\"}}");
            }
        }
        for (int digits = 998; digits <= 1_001; digits++) {
            String number = "1".repeat(digits);
            events.add("{\"@timestamp\": 1, \"message\": " + number + "}");
            events.add("{\"@timestamp\": 1, \"process\": {\"name\": -" + number + "}}");
            events.add("{\"@timestamp\": 1, \"event.id\": 0." + number + "}");
            events.add("{\"@timestamp\": " + number + "}");
        }
        for (String event : events) {
            assertLimit(decoders, "array", "[" + event + "]");
            assertLimit(decoders, "wrapper", "{\"events\": [" + event + "]}");
            assertLimit(decoders, "single", event);
            byte[] line = bytes(event + "\n");
            assertNdjsonDecodesAsJacksonDoes(decoders, line, context("at a limit, NDJSON", line));
        }
        for (int count = 4; count <= 6; count++) {
            List<String> items = new ArrayList<>(Collections.nCopies(count, "{\"@timestamp\": 1}"));
            items.set(count / 2, "42"); // not an event, but an item all the same
            String joined = String.join(", ", items);
            assertLimit(decoders, count + " items, array", "[" + joined + "]");
            assertLimit(decoders, count + " items, wrapper", "{\"events\": [" + joined + "]}");
            assertLimit(decoders, count + " items, escaped wrapper", "{\"\\u0065vents\": [" + joined + "]}");
            assertLimit(decoders, count + " items, repeated wrapper", "{\"events\": 1, \"events\": [" + joined + "]}");
            assertLimit(decoders, count + " items in an event", "{\"events\": [" + joined + "], \"@timestamp\": 1}");
            byte[] lines = bytes(String.join("\n", items) + "\n");
            assertNdjsonDecodesAsJacksonDoes(decoders, lines, context(count + " items, NDJSON", lines));
        }
    }

    @RepeatedTest(120)
    void randomNdjsonDecodesAsJacksonDoes(RepetitionInfo repetition) {
        long seed = seed(repetition);
        Random random = new Random(seed);
        Decoders decoders = Decoders.random(random);
        Json lines = new Json(random, decoders.timeField(), false);
        byte[] body = bytes(lines.ndjson(lines.items()));
        assertNdjsonDecodesAsJacksonDoes(decoders, body, context(seed, "NDJSON", body));
    }

    @RepeatedTest(200)
    void corruptedNdjsonIsRejectedLineByLineAsJacksonDoes(RepetitionInfo repetition) {
        long seed = seed(repetition);
        Random random = new Random(seed);
        Decoders decoders = Decoders.random(random);
        Json lines = new Json(random, decoders.timeField(), false);
        byte[] body = corrupt(random, bytes(lines.ndjson(lines.items())));
        assertNdjsonDecodesAsJacksonDoes(decoders, body, context(seed, "corrupted NDJSON", body));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the comparison

    /**
     * Two decoders with the same settings and equal registries: one whose fast path is under test, one whose Jackson
     * path is the reference. {@code universe} is every field read of each event.
     */
    private record Decoders(EventBatchDecoder tested, EventBatchDecoder reference, String timeField,
            List<FieldPath> universe) {

        static Decoders of(int maxEvents, int maxDepth, int maxString, FieldPath time, List<FieldPath> registered,
                List<FieldPath> universe) {
            return new Decoders(decoder(maxEvents, maxDepth, maxString, time, registered),
                    decoder(maxEvents, maxDepth, maxString, time, registered), time.toString(), universe);
        }

        /** Generous limits mostly, now and then tight ones; the time in {@code @timestamp} or a nested field. */
        static Decoders random(Random random) {
            List<FieldPath> registered = new ArrayList<>(SEED_RULE_FIELDS);
            RANDOM_UNIVERSE.stream().filter(p -> random.nextInt(3) == 0).forEach(registered::add);
            return of(random.nextInt(5) == 0 ? 1 + random.nextInt(5) : 1_000,
                    random.nextInt(5) == 0 ? 4 + random.nextInt(4) : 64,
                    random.nextInt(5) == 0 ? 8 + random.nextInt(24) : 100_000,
                    FieldPath.of(random.nextInt(4) == 0 ? "event.ingested" : "@timestamp"), registered,
                    RANDOM_UNIVERSE);
        }

        private static EventBatchDecoder decoder(int maxEvents, int maxDepth, int maxString, FieldPath time,
                List<FieldPath> registered) {
            FieldRegistry fields = FieldRegistry.withDefaults();
            fields.registerAll(registered);
            return new EventBatchDecoder(maxEvents, maxDepth, maxString, time, fields);
        }
    }

    /** What decoding a body came to: a batch, or what was thrown. */
    private record Outcome(DecodedBatch batch, RuntimeException error) {

        static Outcome of(Supplier<DecodedBatch> decoding) {
            try {
                return new Outcome(decoding.get(), null);
            } catch (RuntimeException e) {
                return new Outcome(null, e);
            }
        }
    }

    private static void assertJsonDecodesAsJacksonDoes(Decoders decoders, long seed, String shape, String text) {
        byte[] body = bytes(text);
        assertJsonDecodesAsJacksonDoes(decoders, body, context(seed, shape, body));
    }

    private static void assertLimit(Decoders decoders, String shape, String text) {
        byte[] body = bytes(text);
        assertJsonDecodesAsJacksonDoes(decoders, body, context("at a limit, " + shape, body));
    }

    /**
     * {@code decodeJsonFast} does not throw, and returns null or what {@code decodeJsonJackson} returns (never a batch
     * where Jackson refuses the body); {@code decodeJson} ends as {@code decodeJsonJackson} does.
     *
     * @return whether the fast path took the body
     */
    private static boolean assertJsonDecodesAsJacksonDoes(Decoders decoders, byte[] body, Supplier<String> context) {
        Outcome expected = Outcome.of(() -> decoders.reference().decodeJsonJackson(body));
        DecodedBatch fast;
        try {
            fast = decoders.tested().decodeJsonFast(body);
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(context.get() + "\ndecodeJsonFast threw; it must return null instead", e);
        }
        if (fast != null) {
            assertSameOutcome(new Outcome(fast, null), expected, decoders.universe(),
                    () -> context.get() + "\ndecodeJsonFast vs decodeJsonJackson");
        }
        assertSameOutcome(Outcome.of(() -> decoders.tested().decodeJson(body)), expected, decoders.universe(),
                () -> context.get() + "\ndecodeJson vs decodeJsonJackson");
        return fast != null;
    }

    private static void assertNdjsonDecodesAsJacksonDoes(Decoders decoders, byte[] body, Supplier<String> context) {
        assertSameOutcome(Outcome.of(() -> decoders.tested().decodeNdjson(body)),
                Outcome.of(() -> decoders.reference().decodeNdjsonJackson(body)), decoders.universe(),
                () -> context.get() + "\ndecodeNdjson vs decodeNdjsonJackson");
    }

    private static void assertSameOutcome(Outcome actual, Outcome expected, List<FieldPath> universe,
            Supplier<String> context) {
        if (actual.error() != null && expected.error() == null) {
            throw new AssertionError(context.get() + "\nthrew where Jackson decoded the body", actual.error());
        }
        assertThat(refusal(actual)).as(() -> context.get() + "\nrefusal").isEqualTo(refusal(expected));
        if (expected.error() != null) {
            return;
        }
        DecodedBatch batch = actual.batch();
        DecodedBatch reference = expected.batch();
        assertThat(batch.received()).as(() -> context.get() + "\nreceived").isEqualTo(reference.received());
        assertThat(batch.rejected()).as(() -> context.get() + "\nrejections").isEqualTo(reference.rejected());
        assertThat(indices(batch)).as(() -> context.get() + "\nevent indices").isEqualTo(indices(reference));
        for (int i = 0; i < batch.events().size(); i++) {
            Event event = batch.events().get(i).event();
            Event expectedEvent = reference.events().get(i).event();
            int index = batch.events().get(i).index();
            assertSameEvent(event, expectedEvent, universe, () -> context.get() + "\nevent " + index);
        }
    }

    private static List<Integer> indices(DecodedBatch batch) {
        return batch.events().stream().map(DecodedBatch.IndexedEvent::index).toList();
    }

    /** Every read answered alike; the fields first, while a compact event may not have parsed its document yet. */
    private static void assertSameEvent(Event event, Event expected, List<FieldPath> universe,
            Supplier<String> context) {
        for (FieldPath path : universe) {
            assertEqual(read(() -> event.get(path)), read(() -> expected.get(path)),
                    () -> context.get() + ", get(" + path + ")");
        }
        assertEqual(event.timestampNanos(), expected.timestampNanos(), () -> context.get() + ", timestampNanos");
        assertEqual(read(event::key), read(expected::key), () -> context.get() + ", key");
        assertEqual(read(event::document), read(expected::document), () -> context.get() + ", document");
    }

    /** {@code assertThat(actual).isEqualTo(expected)}, without its cost when they are equal (most reads, by far). */
    private static void assertEqual(Object actual, Object expected, Supplier<String> what) {
        if (!Objects.equals(actual, expected)) {
            assertThat(actual).as(what).isEqualTo(expected);
        }
    }

    /**
     * A read's value, or what it threw (a document Jackson skipped over may fail to parse when it is read), without
     * the location, which counts from where the event's slice of the body starts.
     */
    private static Object read(Supplier<?> reading) {
        try {
            return reading.get();
        } catch (RuntimeException e) {
            return "threw " + e.getClass().getName() + ": " + String.valueOf(e.getMessage()).lines().findFirst()
                    .orElse("");
        }
    }

    /** How a body was refused, worded for comparison; or that it was not. */
    private static String refusal(Outcome outcome) {
        RuntimeException error = outcome.error();
        if (error instanceof ApiException e) {
            return e.status() + " " + e.slug() + " (" + e.title() + "): " + e.getMessage() + " " + e.properties();
        }
        return error != null ? error.getClass().getName() + ": " + error.getMessage()
                : "not refused: decoded " + outcome.batch().received() + " items";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // random JSON

    /** Random JSON for events and batches, with every construct a byte-level scanner might get wrong. */
    private static final class Json {

        private static final List<String> STRING_PIECES = List.of("p", "exec", "bash", " ", "7", "true", "a.b",
                "/usr/bin/x", "caf\u00e9", "\u65e5\u672c", "\ud83d\ude00", "\\\"", "\\\\", "\\/", "\\b\\f\\n\\r\\t",
                "\\u00e9", "\\u00E9", "\\ud83d\\ude00", "\\u0000", "\\u001f");
        private static final List<String> NUMBERS = List.of("0", "-0", "7", "-5", "100", "2147483647", "2147483648",
                "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                "-9223372036854775809", "12345678901234567890123", "1.5", "-0.0", "0.0", "1.0", "0.1", "1e400",
                "-1e400", "1e-400", "2.5E-3", "1E+2", "1e2", "-1.5e10", "5e-324", "3.14159265358979323846264338327950");
        private static final List<String> TIMES = List.of("\"2026-11-27T10:00:00Z\"",
                "\"2026-11-27T10:00:00.123456789+02:00\"", "\"2026-11-27\"", "\"2026-11-27T10:00:00\\u005a\"",
                "1764237600000", "\"1764237600000\"", "1764237600000.25", "-1000", "0",
                "[\"2026-11-27T10:00:01.5Z\"]", "[ 1764237600000 ]",
                // not times: the event is rejected
                "\"yesterday\"", "\"\"", "{\"t\": 1}", "[1, 2]", "[]", "[[1]]", "null", "true", "1e400",
                "99999999999999999999", "\"2026-13-01T00:00:00Z\"", "\"9999999999999999999\"",
                "\"2026-11-27T10:00:00Z \"");
        private static final List<String> NON_OBJECTS = List.of("42", "-0.5", "\"event\"", "\"\\u00e9\"", "null",
                "true", "[]", "[1, {\"@timestamp\": 1}]", "{}");
        private static final List<String> EVENTS_VALUES = List.of("[]", "[{}]", "[{\"@timestamp\": 1}, 2]", "3",
                "{}");

        private final Random random;
        private final String timeField;
        /** whether whitespace may hold line breaks (not inside an NDJSON line) */
        private final boolean lineBreaks;

        Json(Random random, String timeField, boolean lineBreaks) {
            this.random = random;
            this.timeField = timeField;
            this.lineBreaks = lineBreaks;
        }

        /** Up to six items, most of them events. */
        List<String> items() {
            List<String> items = new ArrayList<>();
            for (int n = random.nextInt(7); n > 0; n--) {
                items.add(random.nextInt(8) == 0 ? pick(NON_OBJECTS) : event());
            }
            return items;
        }

        String array(List<String> items) {
            return ws() + "[" + ws() + joined(items) + ws() + "]" + ws();
        }

        /** Mostly {@code {"events": [...]}}; now and then an object that only looks like it, or is it in disguise. */
        String wrapper(List<String> items) {
            String array = array(items);
            return ws() + switch (random.nextInt(10)) {
                case 0 -> "{\"events\": " + array + ", \"more\": 1}";
                case 1 -> "{\"events\": 1, \"events\": " + array + "}";
                case 2 -> "{\"events\": " + array + ", \"events\": " + array(items()) + "}";
                case 3 -> "{\"\\u0065vents\":" + array + "}";
                default -> "{" + ws() + "\"events\"" + ws() + ":" + array + "}";
            } + ws();
        }

        String single() {
            return ws() + event() + ws();
        }

        /** One item a line, {@code \n} or {@code \r\n}, blank lines here and there, the last line end optional. */
        String ndjson(List<String> items) {
            StringBuilder out = new StringBuilder();
            for (String item : items) {
                if (random.nextInt(5) == 0) {
                    out.append(pick(List.of("", " ", "\t", " \r"))).append(lineEnd());
                }
                out.append(ws()).append(item).append(ws()).append(lineEnd());
            }
            if (!items.isEmpty() && random.nextInt(3) == 0) {
                out.setLength(out.length() - (out.charAt(out.length() - 2) == '\r' ? 2 : 1));
            }
            return out.toString();
        }

        /** An event: random members, its time among them (missing, repeated or invalid now and then). */
        String event() {
            List<String> members = new ArrayList<>();
            for (int n = random.nextInt(5); n > 0; n--) {
                members.add(member(0));
            }
            int time = random.nextInt(12);
            if (time > 0) {
                members.add(random.nextInt(members.size() + 1), timeMember());
            }
            if (time == 1) {
                members.add(random.nextInt(members.size() + 1), timeMember());
            }
            if (random.nextInt(15) == 0) {
                members.add(0, pair("events", pick(EVENTS_VALUES)));
            }
            return object(members);
        }

        private String timeMember() {
            String time = pick(TIMES);
            if (!timeField.equals("event.ingested")) {
                return pair(timeField, time);
            }
            if (random.nextBoolean()) {
                return pair("event.ingested", time);
            }
            List<String> members = new ArrayList<>(List.of(pair("ingested", time), member(1)));
            Collections.shuffle(members, random);
            return pair("event", object(members));
        }

        /** A key of one to three segments (dotted: a flattened path) and a value. */
        private String member(int depth) {
            int segments = random.nextInt(3) == 0 ? 2 + random.nextInt(2) : 1;
            List<String> name = new ArrayList<>();
            for (int s = 0; s < segments; s++) {
                name.add(pick(SEGMENTS));
            }
            return pair(String.join(".", name), value(depth));
        }

        private String value(int depth) {
            return switch (random.nextInt(depth >= 3 ? 6 : 12)) {
                case 0, 1 -> string();
                case 2 -> pick(NUMBERS);
                case 3 -> pick(List.of("true", "false", "null"));
                case 4 -> random.nextBoolean() ? "{" + ws() + "}" : "[" + ws() + "]";
                case 5 -> "[" + ws() + string() + ws() + "]";
                case 6 -> "[" + joined(Stream.generate(() -> value(3)).limit(random.nextInt(4)).toList()) + "]";
                case 7, 8 -> object(Stream.generate(() -> member(depth + 1)).limit(1 + random.nextInt(4)).toList());
                case 9 -> "[" + joined(List.of(value(depth + 1), object(List.of(member(depth + 1))))) + "]";
                case 10 -> "[" + joined(List.of("[" + value(depth + 1) + "]", value(depth + 1))) + "]";
                default -> "[" + ws() + value(depth + 1) + ws() + "]";
            };
        }

        private String string() {
            StringBuilder out = new StringBuilder("\"");
            for (int n = random.nextInt(4); n > 0; n--) {
                out.append(pick(STRING_PIECES));
            }
            return out.append('"').toString();
        }

        private String object(List<String> members) {
            return "{" + ws() + joined(members) + ws() + "}";
        }

        /** A member; one name in ten has a character escaped (as in {@code "\\u0070rocess"}). */
        private String pair(String name, String value) {
            String spelled = name;
            if (random.nextInt(10) == 0) {
                int at = random.nextInt(name.length());
                spelled = name.substring(0, at) + String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X",
                        (int) name.charAt(at)) + name.substring(at + 1);
            }
            return "\"" + spelled + "\"" + ws() + ":" + ws() + value;
        }

        private String joined(List<String> parts) {
            StringBuilder out = new StringBuilder();
            for (String part : parts) {
                out.append(out.isEmpty() ? "" : ws() + "," + ws()).append(part);
            }
            return out.toString();
        }

        private String ws() {
            return switch (random.nextInt(16)) {
                case 0 -> " ";
                case 1 -> "\t";
                case 2 -> "  ";
                case 3 -> lineBreaks ? "\n" : "\r";
                case 4 -> lineBreaks ? "\r\n\t" : " \t";
                default -> "";
            };
        }

        private String lineEnd() {
            return random.nextBoolean() ? "\n" : "\r\n";
        }

        private <T> T pick(List<T> options) {
            return options.get(random.nextInt(options.size()));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // corruption

    private static final byte[] STRAY_BYTES = strayBytes();
    private static final List<byte[]> INVALID_UTF8 = List.of(b(0x80), b(0xBF), b(0xC0, 0xAF), b(0xC1), b(0xC3),
            b(0xE2, 0x82), b(0xED, 0xA0, 0x80), b(0xE0, 0x80, 0xAF), b(0xF0, 0x9F), b(0xF5), b(0xF8), b(0xFF));
    private static final List<String> BAD_NUMBERS = List.of("01", "-01", "00", "1.", ".5", "+1", "-", "1e", "1e+",
            "1.e5", "0x1F", "NaN", "Infinity", "-Infinity", "1_000", "1.5.5", "--1");
    private static final List<String> BAD_LITERALS = List.of("tru", "nul", "fals", "True", "NULL", "nulll", "truex",
            "undefined");
    private static final List<String> BAD_ESCAPES = List.of("\\x", "\\u12", "\\u00zz", "\\ud83d", "\\ude00x", "\\",
            "\\'", "\\U0041", "\\ud83d\\u0041");
    private static final List<String> GARBAGE = List.of(" x", "]", "}", ",", " 1", "{}", "[]", "\u0000", " // c",
            "\n{\"@timestamp\": 1}", "\u00a0");
    private static final List<String> COMMENTS = List.of("/* c */", "// c\n", "# c\n");

    /** One to three things wrong with a body (or, now and then, something Jackson happens to accept). */
    private static byte[] corrupt(Random random, byte[] valid) {
        byte[] body = valid;
        for (int n = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1; n > 0; n--) {
            body = corruptOnce(random, body);
        }
        return body;
    }

    private static byte[] corruptOnce(Random random, byte[] body) {
        int at = random.nextInt(body.length + 1);
        return switch (random.nextInt(17)) {
            case 0 -> splice(body, at, 1, new byte[0]); // a byte deleted
            case 1 -> splice(body, at, 0, b(STRAY_BYTES[random.nextInt(STRAY_BYTES.length)]));
            case 2 -> java.util.Arrays.copyOf(body, at); // truncated
            case 3 -> splice(body, somewhere(random, body, c -> c == ','), 0, bytes(","));
            case 4 -> splice(body, random.nextBoolean() ? at : somewhere(random, body, c -> c == '"') + 1, 1,
                    pick(random, INVALID_UTF8));
            case 5 -> splice(body, body.length, 0, bytes(pick(random, GARBAGE)));
            case 6 -> replaceNumber(random, body, pick(random, BAD_NUMBERS));
            case 7 -> replaceLiteral(random, body, pick(random, BAD_LITERALS));
            case 8 -> splice(body, somewhere(random, body, c -> c == '"'), 1, bytes("'"));
            case 9 -> splice(body, somewhere(random, body, c -> c == ',' || c == '{' || c == '[') + 1, 0,
                    bytes(pick(random, COMMENTS)));
            case 10 -> splice(body, 0, 0, b(0xEF, 0xBB, 0xBF)); // a byte order mark
            case 11 -> splice(body, somewhere(random, body, c -> c == ']' || c == '}'), 0, bytes(","));
            case 12 -> splice(body, somewhere(random, body, c -> c == '"') + 1, 0, b(random.nextInt(0x20)));
            case 13 -> splice(body, somewhere(random, body, c -> c == '"') + 1, 0, bytes(pick(random, BAD_ESCAPES)));
            case 14 -> splice(body, at, 1, b(0x20 + random.nextInt(0x5F)));
            case 15 -> splice(body, somewhere(random, body, c -> "{}[]\"".indexOf(c) >= 0), 1, new byte[0]);
            default -> splice(body, somewhere(random, body, c -> c == ':'), 1, bytes(random.nextBoolean() ? "," : ""));
        };
    }

    /** Replaces the number around a digit with {@code replacement}. */
    private static byte[] replaceNumber(Random random, byte[] body, String replacement) {
        IntPredicate numeric = c -> (c >= '0' && c <= '9') || "+-.eE".indexOf(c) >= 0;
        int start = somewhere(random, body, c -> c >= '0' && c <= '9');
        int end = start;
        while (start > 0 && numeric.test(body[start - 1])) {
            start--;
        }
        while (end < body.length && numeric.test(body[end])) {
            end++;
        }
        return splice(body, start, end - start, bytes(replacement));
    }

    /** Replaces a {@code true}, {@code false} or {@code null} with {@code replacement}, or inserts it. */
    private static byte[] replaceLiteral(Random random, byte[] body, String replacement) {
        String text = new String(body, ISO_8859_1);
        String literal = List.of("true", "false", "null").get(random.nextInt(3));
        int at = text.indexOf(literal, random.nextInt(text.length() + 1));
        at = at >= 0 ? at : text.indexOf(literal);
        return at >= 0 ? splice(body, at, literal.length(), bytes(replacement))
                : splice(body, random.nextInt(body.length + 1), 0, bytes(replacement));
    }

    /** A random position of a byte that is {@code wanted}; a random position when there is none. */
    private static int somewhere(Random random, byte[] body, IntPredicate wanted) {
        if (body.length == 0) {
            return 0;
        }
        int from = random.nextInt(body.length);
        for (int i = 0; i < body.length; i++) {
            int at = (from + i) % body.length;
            if (wanted.test(body[at] & 0xFF)) {
                return at;
            }
        }
        return from;
    }

    private static byte[] splice(byte[] body, int at, int removed, byte[] inserted) {
        int start = Math.min(at, body.length);
        int end = Math.min(body.length, start + removed);
        byte[] out = new byte[body.length - (end - start) + inserted.length];
        System.arraycopy(body, 0, out, 0, start);
        System.arraycopy(inserted, 0, out, start, inserted.length);
        System.arraycopy(body, end, out, start + inserted.length, body.length - end);
        return out;
    }

    /** The bytes a stray insertion picks from: JSON punctuation, characters of numbers, control and high bytes. */
    private static byte[] strayBytes() {
        StringBuilder chars = new StringBuilder("{}[],:\"\\0-.ex");
        for (int c = 0; c < 0x20; c++) {
            chars.append((char) c);
        }
        for (int c = 0x80; c <= 0xFF; c++) {
            chars.append((char) c);
        }
        return chars.toString().getBytes(ISO_8859_1);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // helpers

    private static long seed(RepetitionInfo repetition) {
        return Long.getLong("tripline.decode.seed", BASE_SEED + repetition.getCurrentRepetition());
    }

    private static Supplier<String> context(long seed, String shape, byte[] body) {
        return () -> "seed " + seed + " (replay with -Dtripline.decode.seed=" + seed + "), "
                + context(shape, body).get();
    }

    private static Supplier<String> context(String shape, byte[] body) {
        return () -> shape + " body (" + body.length + " bytes):\n" + show(body);
    }

    /** The body as text: printable ASCII as it is, line feeds as ⏎ and a line break, any other byte as {@code <XX>}. */
    private static String show(byte[] body) {
        StringBuilder out = new StringBuilder();
        for (byte b : body) {
            if (out.length() > 6_000) {
                return out.append(" ...").toString();
            }
            int c = b & 0xFF;
            if (c == '\n') {
                out.append("\u23ce\n");
            } else if (c >= 0x20 && c < 0x7F) {
                out.append((char) c);
            } else {
                out.append(String.format("<%02X>", c));
            }
        }
        return out.toString();
    }

    /** {@code unit} repeated (then {@code x}) to a string of exactly {@code length} chars once decoded. */
    private static String text(String unit, int length) {
        int unitLength = JSON.readTree("\"" + unit + "\"").stringValue().length();
        StringBuilder out = new StringBuilder();
        int chars = 0;
        for (; chars + unitLength <= length; chars += unitLength) {
            out.append(unit);
        }
        return out.append("x".repeat(length - chars)).toString();
    }

    /** {@code levels} of arrays and objects in turn around a number. */
    private static String nested(int levels) {
        String value = "1";
        for (int i = 0; i < levels; i++) {
            value = i % 2 == 0 ? "[" + value + "]" : "{\"a\": " + value + "}";
        }
        return value;
    }

    private static List<FieldPath> randomUniverse() {
        List<String> dotted = new ArrayList<>(List.of("@timestamp", "event.ingested", "events"));
        List<String> prefixes = List.of("");
        for (int depth = 1; depth <= 3; depth++) {
            List<String> next = new ArrayList<>();
            for (String prefix : prefixes) {
                for (String segment : SEGMENTS) {
                    next.add(prefix.isEmpty() ? segment : prefix + "." + segment);
                }
            }
            dotted.addAll(next);
            prefixes = next;
        }
        return dotted.stream().map(FieldPath::of).toList();
    }

    private static List<FieldPath> paths(String... dotted) {
        return Stream.of(dotted).map(FieldPath::of).toList();
    }

    /** The paths of both lists, each once (by name). */
    private static List<FieldPath> union(List<FieldPath> first, List<FieldPath> second) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        Stream.concat(first.stream(), second.stream()).forEach(p -> names.add(p.toString()));
        return names.stream().map(FieldPath::of).toList();
    }

    private static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static byte[] b(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
