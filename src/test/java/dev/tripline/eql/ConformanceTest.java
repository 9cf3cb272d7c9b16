package dev.tripline.eql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.engine.EqlSearch;
import dev.tripline.engine.RuleSpec;
import dev.tripline.engine.SearchResult;
import dev.tripline.engine.TermIndexEquivalence;
import dev.tripline.event.CompactEvents;
import dev.tripline.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reference EQL engine's own test corpus, in its Elasticsearch-syntax translation: the "recommended" cases
 * (a verified {@code es_query} and no feature Elasticsearch lacks) must give the reference answer. The folder is
 * read from {@value TestData#CONFORMANCE_PROPERTY}; without it these tests are skipped.
 *
 * <p>The corpus's events are flat Endgame events: the category is {@code event_type}, the time {@code timestamp} in
 * 100 ns ticks, the id {@code serial_event_id}; file order breaks ties in time.
 */
class ConformanceTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final CompileOptions OPTIONS = CompileOptions.withCategoryField("event_type");
    private static final long FILE_TIME_EPOCH = 116_444_736_000_000_000L;

    record Case(int id, String query, List<Long> expectedIds, List<List<Long>> expectedSequences) {
        @Override
        public String toString() {
            return "#" + id + " " + query.replaceAll("\\s+", " ");
        }
    }

    static Stream<Arguments> eventCases() {
        return cases(false);
    }

    static Stream<Arguments> sequenceCases() {
        return cases(true);
    }

    private static Stream<Arguments> cases(boolean sequences) {
        Path folder = TestData.folder(TestData.CONFORMANCE_PROPERTY).orElse(null);
        if (folder == null) {
            return Stream.of(Arguments.of((Object) null));
        }
        return recommended(folder).stream()
                .filter(c -> (c.expectedSequences() != null) == sequences)
                .map(Arguments::of);
    }

    static List<Case> recommended(Path folder) {
        List<Case> cases = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(folder.resolve("expected.jsonl"))) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode c = JSON.readTree(line);
                boolean verified = c.path("es_query").isString()
                        && c.path("es_query_status").asString("").startsWith("verified");
                if (!verified || !c.path("elasticsearch_eql_unsupported_features").isEmpty()) {
                    continue;
                }
                List<Long> ids = new ArrayList<>();
                c.path("expected_serial_ids").forEach(id -> ids.add(id.longValue()));
                List<List<Long>> sequences = null;
                if (c.has("expected_sequences")) {
                    sequences = new ArrayList<>();
                    for (JsonNode sequence : c.path("expected_sequences")) {
                        List<Long> match = new ArrayList<>();
                        sequence.forEach(id -> match.add(id.longValue()));
                        sequences.add(match);
                    }
                }
                cases.add(new Case(c.path("id").intValue(), c.path("es_query").asString(), ids, sequences));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    static List<Event> events(Path folder) {
        JsonNode data = JSON.readTree(folder.resolve("test_data.json").toFile());
        List<Event> events = new ArrayList<>();
        for (JsonNode event : data) {
            events.add(Event.of((ObjectNode) event, event.path("timestamp").longValue() * 100));
        }
        return events;
    }

    private static <T> List<T> applyPipes(List<T> results, List<Pipe> pipes) {
        List<T> out = results;
        for (Pipe pipe : pipes) {
            int n = Math.min(pipe.count(), out.size());
            out = pipe.kind() == Pipe.Kind.HEAD ? out.subList(0, n) : out.subList(out.size() - n, out.size());
        }
        return out;
    }

    private static long id(Event event) {
        return event.document().path("serial_event_id").longValue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventCases")
    void eventQueryGivesTheReferenceAnswer(Case c) {
        Path folder = TestData.folder(TestData.CONFORMANCE_PROPERTY).orElse(null);
        Assumptions.assumeTrue(folder != null, TestData.absentMessage(TestData.CONFORMANCE_PROPERTY,
                "EQL conformance corpus"));
        CompiledQuery query = Eql.compile(c.query(), OPTIONS);
        CompiledStage stage = query.stages().get(0);
        for (List<Event> events : representations(folder, query)) {
            List<Long> matched = new ArrayList<>();
            for (Event event : events) {
                if (stage.matches(event, query.categories())) {
                    matched.add(id(event));
                }
            }
            assertThat(applyPipes(matched, query.pipes())).as("%s, %s events", c, kind(events))
                    .isEqualTo(c.expectedIds());
        }
    }

    /**
     * Every case (pipes aside: they order a search's results, not a stream's) installed at once as a rule of a
     * streaming engine, over the whole corpus: filing stages under their required terms changes no match and no
     * counter. The corpus has numbers, booleans and arrays where queries compare strings.
     */
    @Test
    void everyCaseAsAStreamingRuleGivesTheSameAnswersWithAndWithoutTheTermIndex() {
        Path folder = TestData.folder(TestData.CONFORMANCE_PROPERTY).orElse(null);
        Assumptions.assumeTrue(folder != null, TestData.absentMessage(TestData.CONFORMANCE_PROPERTY,
                "EQL conformance corpus"));
        List<RuleSpec> rules = new ArrayList<>();
        for (Case c : recommended(folder)) {
            CompiledQuery query = Eql.compile(c.query(), OPTIONS);
            if (query.pipes().isEmpty()) {
                rules.add(new RuleSpec("#" + c.id(), 1, query));
            }
        }
        // the corpus times are Windows file times (100 ns ticks since 1601): as nanoseconds since 1970 they order the
        // stream as they were recorded (the one-shot search only needs their order)
        List<Event> events = events(folder).stream().map(e -> Event.of(e.document(),
                (e.document().path("timestamp").longValue() - FILE_TIME_EPOCH) * 100)).toList();
        List<List<Event>> batches = new ArrayList<>();
        for (int i = 0; i < events.size(); i += 1000) {
            batches.add(events.subList(i, Math.min(events.size(), i + 1000)));
        }

        TermIndexEquivalence.Comparison c = TermIndexEquivalence.run(rules, batches);

        assertThat(c.indexed().filedStages()).isPositive();
        assertThat(c.indexed().matches()).isNotEmpty().isEqualTo(c.unindexed().matches());
        assertThat(c.indexed().counters()).isEqualTo(c.unindexed().counters());
    }

    /** The corpus as tree events, and decoded compact with the query's fields in slots. */
    private static List<List<Event>> representations(Path folder, CompiledQuery query) {
        List<Event> trees = events(folder);
        return List.of(trees, CompactEvents.of(trees, query.fields()));
    }

    private static String kind(List<Event> events) {
        return events.get(0).isCompact() ? "compact" : "tree";
    }

    /** Sequences run through the engine's one-shot search, the same matcher code as streaming (pipes included). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sequenceCases")
    void sequenceQueryGivesTheReferenceAnswer(Case c) {
        Path folder = TestData.folder(TestData.CONFORMANCE_PROPERTY).orElse(null);
        Assumptions.assumeTrue(folder != null, TestData.absentMessage(TestData.CONFORMANCE_PROPERTY,
                "EQL conformance corpus"));
        CompiledQuery query = Eql.compile(c.query(), OPTIONS);
        for (List<Event> events : representations(folder, query)) {
            List<List<Long>> matched = new ArrayList<>();
            for (SearchResult.Sequence sequence : EqlSearch.run(query, events).sequences()) {
                matched.add(sequence.events().stream().map(ConformanceTest::id).toList());
            }
            assertThat(matched).as("%s, %s events", c, kind(events)).isEqualTo(c.expectedSequences());
        }
    }

    /** The sequence cases' queries parse, compile with the right stages and keys, and round-trip. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sequenceCases")
    void sequenceQueryCompilesWithItsStagesAndKeys(Case c) {
        Assumptions.assumeTrue(c != null, TestData.absentMessage(TestData.CONFORMANCE_PROPERTY,
                "EQL conformance corpus"));
        Query parsed = Eql.parse(c.query());
        CompiledQuery query = Eql.compile(parsed, OPTIONS);
        assertThat(query.kind()).isEqualTo(QueryKind.SEQUENCE);
        int events = query.stages().stream().mapToInt(CompiledStage::runs).sum();
        assertThat(c.expectedSequences()).allSatisfy(match -> assertThat(match).hasSize(events));
        assertThat(Eql.parse(parsed.render())).isEqualTo(parsed);
    }

    @Test
    void recommendedSetHasTheDocumentedSize() {
        Path folder = TestData.folder(TestData.CONFORMANCE_PROPERTY).orElse(null);
        Assumptions.assumeTrue(folder != null, TestData.absentMessage(TestData.CONFORMANCE_PROPERTY,
                "EQL conformance corpus"));
        List<Case> cases = recommended(folder);
        assertThat(cases).hasSize(129);
        assertThat(cases.stream().filter(c -> c.expectedSequences() == null)).hasSize(88);
    }

    /**
     * Every verified Elasticsearch translation in the corpus (not only the recommended ones) either parses and
     * round-trips, or is refused as a construct Elasticsearch's EQL lacks (join, descendant of, legacy pipes and
     * functions, array indexing).
     */
    @Test
    void everyTranslatedQueryRoundTripsOrIsRefusedAsUnsupported() throws IOException {
        Path folder = TestData.folder(TestData.CONFORMANCE_PROPERTY).orElse(null);
        Assumptions.assumeTrue(folder != null, TestData.absentMessage(TestData.CONFORMANCE_PROPERTY,
                "EQL conformance corpus"));
        int parsed = 0;
        int refused = 0;
        for (String line : Files.readAllLines(folder.resolve("expected.jsonl"))) {
            JsonNode c = JSON.readTree(line);
            if (!c.path("es_query").isString()) {
                continue;
            }
            String text = c.path("es_query").asString();
            Query query;
            try {
                query = Eql.parse(text);
            } catch (EqlException e) {
                assertThat(e.kind()).as("#%s %s: %s", c.path("id"), text, e.describe())
                        .isEqualTo(EqlException.Kind.UNSUPPORTED);
                assertThat(c.path("elasticsearch_eql_unsupported_features")).as("#%s refused: %s", c.path("id"),
                        e.reason()).isNotEmpty();
                refused++;
                continue;
            }
            assertThat(Eql.parse(query.render())).as("#%s %s", c.path("id"), query.render()).isEqualTo(query);
            parsed++;
        }
        System.out.printf("conformance translations: %d parse and round-trip, %d refused as unsupported%n", parsed,
                refused);
        assertThat(parsed).isGreaterThanOrEqualTo(129);
    }
}
