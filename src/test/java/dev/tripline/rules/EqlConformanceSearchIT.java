package dev.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.support.IntegrationTest;
import dev.tripline.support.TestApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reference EQL engine's recommended conformance cases (those with a verified Elasticsearch-syntax query and no
 * feature Elasticsearch lacks), each run through {@code POST /api/v1/eql/_search}. The corpus is test data kept
 * outside the repository: pass its folder as {@code -Dtripline.eql.conformance.dir=...} or
 * {@code TRIPLINE_EQL_CONFORMANCE_DIR}; without it the cases are skipped with a message.
 */
@IntegrationTest
class EqlConformanceSearchIT {

    /** FILETIME (100 ns ticks since 1601-01-01) of the Unix epoch. */
    private static final long EPOCH_TICKS = 116_444_736_000_000_000L;

    @LocalServerPort
    int port;

    static Path corpus() {
        String dir = System.getProperty("tripline.eql.conformance.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("TRIPLINE_EQL_CONFORMANCE_DIR");
        }
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    @TestFactory
    Stream<DynamicTest> recommendedCasesPassThroughTheSearchEndpoint() throws IOException {
        Path dir = corpus();
        if (dir == null || !Files.isRegularFile(dir.resolve("expected.jsonl"))) {
            // one skipped case that says why, rather than a factory that silently yields nothing
            return Stream.of(DynamicTest.dynamicTest("conformance corpus not given", () -> Assumptions.abort(
                    "EQL conformance corpus not given: set -Dtripline.eql.conformance.dir or "
                            + "TRIPLINE_EQL_CONFORMANCE_DIR to the folder holding expected.jsonl and test_data.json")));
        }
        ArrayNode events = (ArrayNode) RulesHttp.JSON.readTree(Files.readString(dir.resolve("test_data.json")));
        for (JsonNode event : events) {
            long ticks = event.get("timestamp").asLong();
            long nanos = (ticks - EPOCH_TICKS) * 100;
            ((ObjectNode) event).put("@timestamp",
                    Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                            .toString());
        }
        String eventsJson = RulesHttp.JSON.writeValueAsString(events);
        List<JsonNode> cases = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("expected.jsonl"))) {
            JsonNode c = RulesHttp.JSON.readTree(line);
            boolean verified = c.path("es_query_status").asString("").startsWith("verified");
            boolean supported = c.path("elasticsearch_eql_unsupported_features").isEmpty();
            if (verified && supported) {
                cases.add(c);
            }
        }
        assertThat(cases).as("the recommended set").hasSize(129);
        RulesHttp http = new RulesHttp(port);
        return cases.stream().map(c -> DynamicTest.dynamicTest("#" + c.get("id").asInt() + " " + c.get("es_query")
                .asString(), () -> check(http, c, eventsJson)));
    }

    private static void check(RulesHttp http, JsonNode c, String eventsJson) {
        ObjectNode request = RulesHttp.JSON.createObjectNode();
        request.put("query", c.get("es_query").asString());
        request.put("event_category_field", "event_type");
        request.put("size", 10_000);
        request.set("events", RulesHttp.JSON.readTree(eventsJson));
        RulesHttp.Response response = http.post("/api/v1/eql/_search", TestApiKeys.VIEWER, "application/json",
                RulesHttp.JSON.writeValueAsString(request));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode hits = response.json().get("hits");
        if (c.has("expected_sequences")) {
            List<List<Integer>> found = new ArrayList<>();
            for (JsonNode sequence : hits.path("sequences")) {
                List<Integer> ids = new ArrayList<>();
                sequence.get("events").forEach(e -> ids.add(e.get("_source").get("serial_event_id").asInt()));
                found.add(ids);
            }
            List<List<Integer>> expected = new ArrayList<>();
            for (JsonNode sequence : c.get("expected_sequences")) {
                List<Integer> ids = new ArrayList<>();
                sequence.forEach(id -> ids.add(id.asInt()));
                expected.add(ids);
            }
            assertThat(found).isEqualTo(expected);
        } else {
            List<Integer> found = new ArrayList<>();
            hits.path("events").forEach(e -> found.add(e.get("_source").get("serial_event_id").asInt()));
            List<Integer> expected = new ArrayList<>();
            c.get("expected_serial_ids").forEach(id -> expected.add(id.asInt()));
            assertThat(found).isEqualTo(expected);
        }
    }
}
