package dev.tripline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.QueryKind;
import dev.tripline.event.CompactEvents;
import dev.tripline.event.Event;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The semantics probes of the EQL conformance corpus ({@code semantics_probes.jsonl}: small scenarios run through the
 * reference engine) compiled by the EQL compiler and run through {@link EqlSearch}. The folder comes from the system
 * property {@code tripline.eql.conformance.dir}; without it every case is skipped with a message.
 *
 * <p>Where Elasticsearch differs from the reference engine the expectation is Elasticsearch's: maxspan is not floored
 * to whole seconds, and case sensitivity follows the operator ({@code ==}, {@code like}, {@code in},
 * {@code startsWith} are case-sensitive; {@code :} and the {@code ~} forms are not), not a global flag.
 */
class SemanticsProbesTest {

    static final String PROPERTY = "tripline.eql.conformance.dir";

    /** Elasticsearch's answer where the reference engine's differs (see the probes' own notes). */
    private static final Map<String, List<List<Integer>>> ELASTICSEARCH = Map.ofEntries(
            Map.entry("maxspan_subsecond_truncation_quirk", List.of(List.of(1, 2, 3))),
            Map.entry("maxspan_1500ms_truncation_quirk", List.of(List.of(1, 2, 3))));

    record Probe(String name, String query, List<JsonNode> events, List<List<Integer>> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Optional<Path> folder() {
        String dir = System.getProperty(PROPERTY, "");
        return dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir)).filter(Files::isDirectory);
    }

    static Stream<Probe> probes() throws IOException {
        Optional<Path> folder = folder();
        if (folder.isEmpty()) {
            return Stream.of((Probe) null);
        }
        List<Probe> probes = new ArrayList<>();
        for (String line : Files.readAllLines(folder.get().resolve("semantics_probes.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode probe = TimelineSpec.JSON.readTree(line);
            String name = probe.get("name").stringValue();
            List<JsonNode> events = new ArrayList<>();
            probe.get("events").forEach(events::add);
            probes.add(new Probe(name, probe.get("query").stringValue(), events, expected(probe, name)));
        }
        return probes.stream();
    }

    private static List<List<Integer>> expected(JsonNode probe, String name) {
        if (ELASTICSEARCH.containsKey(name)) {
            return ELASTICSEARCH.get(name);
        }
        if (name.startsWith("case_flag")) {
            String query = probe.get("query").stringValue();
            boolean insensitive = query.contains(" : ") || query.contains("~");
            return insensitive ? List.of(List.of(1)) : List.of();
        }
        List<List<Integer>> expected = new ArrayList<>();
        probe.get("reference_output").forEach(match -> {
            List<Integer> ids = new ArrayList<>();
            match.forEach(id -> ids.add(id.intValue()));
            expected.add(ids);
        });
        return expected;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void searchGivesElasticsearchsAnswer(Probe probe) throws Exception {
        Assumptions.assumeTrue(probe != null, "semantics probes skipped: set -D" + PROPERTY
                + "=<folder holding semantics_probes.jsonl> to run them");
        Optional<CompiledQuery> compiled = compile(probe.query());
        Assumptions.assumeTrue(compiled.isPresent(), "semantics probes need the EQL compiler (dev.tripline.eql.Eql)");

        List<Event> events = new ArrayList<>();
        for (JsonNode source : probe.events()) {
            ObjectNode doc = ((ObjectNode) source).deepCopy();
            // the reference engine's time is in 100 ns ticks
            events.add(Event.of(doc, source.get("timestamp").longValue() * 100));
        }
        for (List<Event> represented : List.of(events, CompactEvents.of(events, compiled.get().fields()))) {
            SearchResult result = EqlSearch.run(compiled.get(), represented);
            List<List<Integer>> found = new ArrayList<>();
            if (result.kind() == QueryKind.EVENT) {
                result.events().forEach(e -> found.add(List.of(e.document().get("id").intValue())));
            } else {
                result.sequences().forEach(s -> found.add(s.events().stream()
                        .map(e -> e.document().get("id").intValue()).toList()));
            }
            assertThat(found).as("%s (%s events)", probe.query(), represented.get(0).isCompact() ? "compact" : "tree")
                    .isEqualTo(probe.expected());
        }
    }

    /** Through the EQL compiler when it is on the class path, with {@code event_type} as the category field. */
    static Optional<CompiledQuery> compile(String query) throws Exception {
        Class<?> eql;
        Class<?> options;
        try {
            eql = Class.forName("dev.tripline.eql.Eql");
            options = Class.forName("dev.tripline.eql.CompileOptions");
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        Object categoryField = options.getMethod("withCategoryField", String.class).invoke(null, "event_type");
        try {
            return Optional.of((CompiledQuery) eql.getMethod("compile", String.class, options)
                    .invoke(null, query, categoryField));
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }
}
