package dev.tripline.eql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineBatch;
import dev.tripline.engine.EngineSettings;
import dev.tripline.engine.RuleSpec;
import dev.tripline.event.CompactEvents;
import dev.tripline.event.Event;
import dev.tripline.event.FieldRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * The golden corpus (src/test/resources/eql/golden): hand-written events, and queries with the ids they must find,
 * covering every operator, function and case rule; and queries that must be refused, with the error's place.
 */
class GoldenCorpusTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TomlMapper TOML = new TomlMapper();
    private static final List<String> CASE_FILES = List.of("operators.toml", "semantics.toml", "functions.toml");
    private static final List<Event> EVENTS = events();

    record Case(String file, String name, String query, List<String> expected) {
        @Override
        public String toString() {
            return file + ": " + name;
        }
    }

    record ErrorCase(String name, String query, String kind, int line, int column, String message,
            String suggestion) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return allCases().stream().map(Arguments::of);
    }

    static List<Case> allCases() {
        List<Case> cases = new ArrayList<>();
        for (String file : CASE_FILES) {
            for (JsonNode c : read(file).path("cases")) {
                List<String> expected = new ArrayList<>();
                c.path("expected").forEach(id -> expected.add(id.asString()));
                cases.add(new Case(file, c.path("name").asString(), c.path("query").asString(), expected));
            }
        }
        return cases;
    }

    static Stream<Arguments> errors() {
        List<Arguments> errors = new ArrayList<>();
        for (JsonNode e : read("errors.toml").path("errors")) {
            errors.add(Arguments.of(new ErrorCase(e.path("name").asString(), e.path("query").asString(),
                    e.path("kind").asString(), e.path("line").intValue(), e.path("column").intValue(),
                    e.path("message").asString(), e.has("suggestion") ? e.path("suggestion").asString() : null)));
        }
        return errors.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void queryFindsExactlyTheExpectedEvents(Case c) {
        CompiledQuery query = Eql.compile(c.query(), CompileOptions.DEFAULTS);
        assertThat(query.kind()).isEqualTo(QueryKind.EVENT);
        assertThat(found(query, EVENTS)).as("%s%n%s", c.name(), c.query()).isEqualTo(c.expected());
    }

    /** The same events decoded compact, the query's fields in slots: the same answers. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void compactEventsGiveTheSameAnswers(Case c) {
        CompiledQuery query = Eql.compile(c.query(), CompileOptions.DEFAULTS);
        assertThat(query.fields()).as("the query says what it reads").isNotEmpty();
        assertThat(found(query, CompactEvents.of(EVENTS, query.fields()))).as("%s%n%s", c.name(), c.query())
                .isEqualTo(c.expected());
    }

    /**
     * Every case installed at once as a rule of one engine, on compact events: the engine files stages under their
     * required terms and dispatches each event to the plausible ones only, and still every rule finds exactly its
     * events (cases with pipes are left out: pipes order a search's results, not a stream's).
     */
    @Test
    void oneEngineWithEveryCaseAsARuleFindsEachCasesEvents() {
        FieldRegistry fields = FieldRegistry.withDefaults();
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults().withFields(fields));
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (Case c : allCases()) {
            CompiledQuery query = Eql.compile(c.query(), CompileOptions.DEFAULTS);
            if (query.pipes().isEmpty()) {
                engine.install(new RuleSpec(c.toString(), 1, query));
                expected.put(c.toString(), c.expected());
            }
        }
        Map<String, List<String>> found = new LinkedHashMap<>();
        expected.keySet().forEach(rule -> found.put(rule, new ArrayList<>()));
        try (EngineBatch batch = engine.evaluate(CompactEvents.of(EVENTS, fields))) {
            batch.matches().forEach(m -> found.get(m.ruleId()).add(m.events().get(0).key()));
            batch.commit();
        }
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(found).isEqualTo(expected);
    }

    private static List<String> found(CompiledQuery query, List<Event> events) {
        CompiledStage stage = query.stages().get(0);
        List<String> found = new ArrayList<>();
        for (Event event : events) {
            if (stage.matches(event, query.categories())) {
                found.add(event.key());
            }
        }
        for (Pipe pipe : query.pipes()) {
            int n = Math.min(pipe.count(), found.size());
            found = pipe.kind() == Pipe.Kind.HEAD ? found.subList(0, n) : found.subList(found.size() - n, found.size());
        }
        return found;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void queryRendersToTextThatParsesBackToItself(Case c) {
        Query parsed = Eql.parse(c.query());
        assertThat(Eql.parse(parsed.render())).as(parsed.render()).isEqualTo(parsed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void invalidQueryIsRefusedWithItsPlaceAndReason(ErrorCase c) {
        EqlException error = catchThrowableOfType(EqlException.class, () -> Eql.compile(c.query(),
                CompileOptions.DEFAULTS));
        assertThat(error).as("%s should be refused", c.query()).isNotNull();
        assertThat(error.kind()).as(error.describe()).isEqualTo(EqlException.Kind.valueOf(c.kind()));
        assertThat(error.reason()).as(error.describe()).contains(c.message());
        assertThat(error.line()).as(error.describe()).isEqualTo(c.line());
        assertThat(error.column()).as(error.describe()).isEqualTo(c.column());
        assertThat(error.suggestion()).as(error.describe()).isEqualTo(c.suggestion());
        String[] excerpt = error.excerpt().split("\n");
        assertThat(excerpt).hasSize(2);
        assertThat(excerpt[1]).as("caret under the column").isEqualTo(" ".repeat(c.column() - 1) + "^");
    }

    private static JsonNode read(String file) {
        try (InputStream in = GoldenCorpusTest.class.getResourceAsStream("/eql/golden/" + file)) {
            return TOML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Event> events() {
        List<Event> events = new ArrayList<>();
        try (InputStream in = GoldenCorpusTest.class.getResourceAsStream("/eql/golden/events.ndjson");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    events.add(Event.from(JSON.readTree(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }
}
