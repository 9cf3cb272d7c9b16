package dev.tripline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.event.CompactEvents;
import dev.tripline.event.Event;
import dev.tripline.event.EventRetention;
import dev.tripline.event.FieldRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs every case of the timeline spec files ({@code src/test/resources/engine/specs/*.spec}; the format is described
 * on {@link TimelineSpec}) through the streaming engine, and, when a case delivers its events in order, through the
 * one-shot search as well: both must give exactly the matches the case expects.
 */
class TimelineSpecTest {

    static Stream<TimelineSpec> specs() throws IOException {
        Path dir = Path.of("src/test/resources/engine/specs");
        List<TimelineSpec> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".spec")).sorted().forEach(f -> all.addAll(TimelineSpec.load(f)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void streamingEngineGivesTheExpectedMatches(TimelineSpec spec) {
        check(spec, spec.events(), EngineSettings.defaults());
    }

    /**
     * The same cases on compact events, as ingest decodes them, with partial matches keeping retained copies (their
     * own bytes) as the service's engine does.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void streamingEngineGivesTheSameMatchesOnCompactEvents(TimelineSpec spec) {
        Map<String, Event> trees = spec.events();
        FieldRegistry fields = CompactEvents.registry(spec.query().fields());
        List<Event> compact = CompactEvents.of(new ArrayList<>(trees.values()), fields);
        Map<String, Event> events = new LinkedHashMap<>();
        int i = 0;
        for (String name : trees.keySet()) {
            events.put(name, compact.get(i++));
        }
        check(spec, events, EngineSettings.defaults().withFields(fields).withRetain(Event::retained));
    }

    /**
     * The same, with a sweep after every delivery whose retention moves every event it still finds kept to a new
     * instance (as {@link dev.tripline.event.RetainedBytes} moves events out of a sparse slab): moving what partial
     * matches, histories, missing-event stages and waiting candidates hold changes no match.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void sweepsThatMoveEveryKeptEventChangeNoMatch(TimelineSpec spec) {
        EventRetention moveAll = new EventRetention() {
            @Override
            public Event retain(Event event) {
                return event;
            }

            @Override
            public Event keep(Event kept) {
                return Event.of(kept.document().deepCopy(), kept.timestampNanos());
            }
        };
        check(spec, spec.events(), EngineSettings.defaults().withRetain(moveAll), true);
    }

    private static void check(TimelineSpec spec, Map<String, Event> events, EngineSettings settings) {
        check(spec, events, settings, false);
    }

    private static void check(TimelineSpec spec, Map<String, Event> events, EngineSettings settings,
            boolean sweepAfterEachDelivery) {
        DetectionEngine engine = new DetectionEngine(settings
                .withAllowedLateness(Duration.ofMillis(spec.latenessMillis())));
        engine.install(new RuleSpec("rule", 1, spec.query()));

        List<List<String>> deliveries = spec.deliveries().isEmpty()
                ? List.of(new ArrayList<>(events.keySet()))
                : spec.deliveries();
        List<List<String>> matched = new ArrayList<>();
        List<String> supersededIds = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (List<String> delivery : deliveries) {
            List<Event> batchEvents = delivery.stream().map(events::get).toList();
            try (EngineBatch batch = engine.evaluate(batchEvents)) {
                batch.matches().forEach(m -> matched.add(names(m.events())));
                supersededIds.addAll(batch.superseded());
                batch.lateEventIndexes().forEach(i -> late.add(delivery.get(i)));
                batch.commit();
            }
            if (sweepAfterEachDelivery) {
                engine.sweep();
            }
        }
        // end of the stream: an event far in the future lets trailing missing-event windows pass
        long end = events.values().stream().mapToLong(Event::timestampNanos).max().orElse(0)
                + spec.maxspanMillis() * 1_000_000L + spec.latenessMillis() * 1_000_000L + 1_000_000_000L;
        ObjectNode tick = TimelineSpec.JSON.createObjectNode();
        tick.put("@timestamp", end / 1_000_000L);
        tick.putObject("host").put("id", "h");
        for (List<Event> batchEvents : List.of(List.of(Event.from(tick)), List.<Event>of())) {
            try (EngineBatch batch = engine.evaluate(batchEvents)) {
                batch.matches().forEach(m -> matched.add(names(m.events())));
                batch.commit();
            }
        }

        assertThat(matched).as("matches").isEqualTo(spec.matches());
        List<String> expectedSuperseded = spec.superseded().stream()
                .map(names -> MatchIds.of("rule", names.stream().map(events::get).toList()))
                .toList();
        assertThat(supersededIds).as("superseded").containsExactlyInAnyOrderElementsOf(expectedSuperseded);
        assertThat(late).as("late events").containsExactlyInAnyOrderElementsOf(spec.late());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void searchGivesTheSameMatchesForInOrderDelivery(TimelineSpec spec) {
        if (!spec.deliveries().isEmpty()) {
            return;
        }
        Map<String, Event> events = spec.events();
        SearchResult result = EqlSearch.run(spec.query(), new ArrayList<>(events.values()));
        List<List<String>> found = new ArrayList<>();
        if (result.kind() == dev.tripline.eql.QueryKind.EVENT) {
            result.events().forEach(e -> found.add(List.of(TimelineSpec.nameOf(e))));
        } else {
            result.sequences().forEach(s -> found.add(names(s.events().stream().filter(e -> e != null).toList())));
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(spec.matches());
    }

    private static List<String> names(List<Event> events) {
        return events.stream().map(TimelineSpec::nameOf).toList();
    }
}
