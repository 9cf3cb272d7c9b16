package dev.tripline.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tripline.engine.EqlSearch;
import dev.tripline.engine.SearchResult;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.Pipe;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import dev.tripline.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/eql/_search}: Elasticsearch's EQL search over the events in the request, by the same compiled
 * engine the rules run on, answering in Elasticsearch's shape. Nothing is stored.
 */
@Tag(name = "EQL search", description = "Run an EQL query over events given in the request (nothing is stored)")
@RestController
class EqlSearchController {

    static final Set<String> FIELDS = Set.of("query", "events", "event_category_field", "timestamp_field",
            "tiebreaker_field", "size");
    private static final int DEFAULT_SIZE = 10;

    private final RuleChecker checker;
    private final RulesProperties properties;

    EqlSearchController(RuleChecker checker, RulesProperties properties) {
        this.checker = checker;
        this.properties = properties;
    }

    /** Elasticsearch's answer: {@code hits.total}, then {@code hits.events} or {@code hits.sequences}. */
    record SearchResponse(long took, boolean timedOut, Hits hits) {
    }

    record Hits(Total total, List<Hit> events, List<SequenceHit> sequences) {
    }

    record Total(long value, String relation) {
    }

    /** One event; {@code missing} marks the place of a missing-event stage ({@code ![...]}) in a sequence. */
    record Hit(@JsonProperty("_id") String id, @JsonProperty("_source") JsonNode source, Boolean missing) {
    }

    record SequenceHit(List<Object> joinKeys, List<Hit> events) {
    }

    @Operation(summary = "EQL search over the given events",
            description = "Body: {query, events[], event_category_field (event.category), timestamp_field "
                    + "(@timestamp), tiebreaker_field, size (10)}. Events are ordered by time, then the tiebreaker, "
                    + "then input order. `| head N` and `| tail N` pipes apply before size. Answers like "
                    + "Elasticsearch: hits.events[]._source, or hits.sequences[]{join_keys, events[]._source}.")
    @PostMapping(path = "/api/v1/eql/_search", consumes = MediaType.APPLICATION_JSON_VALUE)
    SearchResponse search(@RequestBody JsonNode body) {
        long started = System.nanoTime();
        SearchEvents.onlyFields(body, FIELDS);
        String query = SearchEvents.text(body, "query", null);
        if (query == null) {
            throw ApiException.badRequest("query is required");
        }
        String categoryField = SearchEvents.text(body, "event_category_field", null);
        String timestampField = SearchEvents.text(body, "timestamp_field", "@timestamp");
        String tiebreaker = SearchEvents.text(body, "tiebreaker_field", null);
        int size = size(body.get("size"));
        CompiledQuery compiled = checker.compileQuery(query, categoryField);
        List<Event> events = SearchEvents.read(body.get("events"), timestampField, properties.maxSearchEvents());
        SearchResult result = EqlSearch.run(compiled, events, tiebreaker == null ? null : FieldPath.of(tiebreaker));
        boolean fromEnd = !compiled.pipes().isEmpty()
                && compiled.pipes().get(compiled.pipes().size() - 1).kind() == Pipe.Kind.TAIL;
        Hits hits;
        if (result.sequences().isEmpty() && result.kind() == dev.tripline.eql.QueryKind.EVENT) {
            List<Hit> found = new ArrayList<>();
            for (Event event : limit(result.events(), size, fromEnd)) {
                found.add(hit(event));
            }
            hits = new Hits(new Total(found.size(), "eq"), found, null);
        } else {
            List<SequenceHit> found = new ArrayList<>();
            for (SearchResult.Sequence sequence : limit(result.sequences(), size, fromEnd)) {
                List<Hit> stageEvents = new ArrayList<>();
                for (Event event : sequence.events()) {
                    stageEvents.add(event == null ? new Hit(null, null, true) : hit(event));
                }
                found.add(new SequenceHit(sequence.joinKeys(), stageEvents));
            }
            hits = new Hits(new Total(found.size(), "eq"), null, found);
        }
        return new SearchResponse((System.nanoTime() - started) / 1_000_000, false, hits);
    }

    private int size(JsonNode value) {
        if (value == null || value.isNull()) {
            return DEFAULT_SIZE;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > properties.maxSearchEvents()) {
            throw ApiException.badRequest("size must be an integer from 0 to " + properties.maxSearchEvents());
        }
        return value.asInt();
    }

    private static <T> List<T> limit(List<T> results, int size, boolean fromEnd) {
        if (results.size() <= size) {
            return results;
        }
        return fromEnd ? results.subList(results.size() - size, results.size()) : results.subList(0, size);
    }

    static Hit hit(Event event) {
        return new Hit(event.key(), event.document(), null);
    }
}
