package dev.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.support.IntegrationTest;
import dev.tripline.support.TestApiKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class EqlSearchAndPreviewIT {

    /** The seed rule's chain as Elastic Defend writes it: exec from /tmp by bash, connect out, spawn a shell. */
    static final String REVERSE_SHELL = """
            [
             {"@timestamp": "2026-03-01T10:00:00.000Z", "event": {"id": "e1", "category": ["process"], "type": ["start"], "action": "exec"},
              "host": {"id": "h1", "os": {"type": "linux"}}, "process": {"entity_id": "p1", "executable": "/tmp/payload",
              "name": "payload", "parent": {"name": "bash"}}},
             {"@timestamp": "2026-03-01T10:00:00.200Z", "event": {"id": "e2", "category": ["network"], "type": ["start"], "action": "connection_attempted"},
              "host": {"id": "h1", "os": {"type": "linux"}}, "process": {"entity_id": "p1", "executable": "/tmp/payload", "name": "payload"},
              "destination": {"ip": "203.0.113.7", "port": 4444}},
             {"@timestamp": "2026-03-01T10:00:00.500Z", "event": {"id": "e3", "category": ["process"], "type": ["start"], "action": "exec"},
              "host": {"id": "h1", "os": {"type": "linux"}}, "process": {"entity_id": "p1", "executable": "/bin/sh",
              "name": "sh", "parent": {"name": "bash"}}}
            ]""";

    @LocalServerPort
    int port;

    RulesHttp http;

    @BeforeEach
    void client() {
        http = new RulesHttp(port);
    }

    private RulesHttp.Response search(String key, String body) {
        return http.post("/api/v1/eql/_search", key, "application/json", body);
    }

    private static final String EVENTS = """
            [{"@timestamp": "2026-01-01T00:00:03Z", "event": {"category": "process"}, "process": {"name": "c"}, "n": 3},
             {"@timestamp": "2026-01-01T00:00:01Z", "event": {"category": "process"}, "process": {"name": "a"}, "n": 1},
             {"@timestamp": "2026-01-01T00:00:02Z", "event": {"category": "file"}, "process": {"name": "b"}, "n": 2},
             {"@timestamp": "2026-01-01T00:00:04Z", "event": {"category": "process"}, "process": {"name": "a"}, "n": 4}]""";

    @Test
    void eventQueryAnswersInElasticsearchsShapeInTimeOrder() {
        JsonNode hits = search(TestApiKeys.VIEWER, "{\"query\": \"process where true\", \"events\": " + EVENTS + "}")
                .json().get("hits");

        assertThat(hits.get("total").get("value").asInt()).isEqualTo(3);
        assertThat(hits.get("total").get("relation").asString()).isEqualTo("eq");
        assertThat(hits.get("events")).extracting(hit -> hit.get("_source").get("n").asInt()).containsExactly(1, 3, 4);
        assertThat(hits.has("sequences")).isFalse();
    }

    @Test
    void headTailAndSizeLimitTheHits() {
        JsonNode tail = search(TestApiKeys.VIEWER,
                "{\"query\": \"process where true | tail 2\", \"events\": " + EVENTS + "}").json().get("hits");
        JsonNode head = search(TestApiKeys.VIEWER,
                "{\"query\": \"process where true | head 2\", \"events\": " + EVENTS + "}").json().get("hits");
        JsonNode sized = search(TestApiKeys.VIEWER,
                "{\"query\": \"any where true\", \"size\": 1, \"events\": " + EVENTS + "}").json().get("hits");

        assertThat(tail.get("events")).extracting(hit -> hit.get("_source").get("n").asInt()).containsExactly(3, 4);
        assertThat(head.get("events")).extracting(hit -> hit.get("_source").get("n").asInt()).containsExactly(1, 3);
        assertThat(sized.get("events")).extracting(hit -> hit.get("_source").get("n").asInt()).containsExactly(1);
    }

    @Test
    void sequenceQueryAnswersWithJoinKeysAndOrderedEvents() {
        JsonNode hits = search(TestApiKeys.VIEWER, """
                {"query": "sequence by process.name [process where true] [process where true]",
                 "events": %s}""".formatted(EVENTS)).json().get("hits");

        assertThat(hits.get("total").get("value").asInt()).isEqualTo(1);
        JsonNode sequence = hits.get("sequences").get(0);
        assertThat(sequence.get("join_keys").get(0).asString()).isEqualTo("a");
        assertThat(sequence.get("events")).extracting(hit -> hit.get("_source").get("n").asInt())
                .containsExactly(1, 4);
    }

    @Test
    void searchReadsTheCategoryAndTimestampFieldsItIsGiven() {
        JsonNode hits = search(TestApiKeys.VIEWER, """
                {"query": "proc where true", "event_category_field": "kind", "timestamp_field": "ts",
                 "events": [{"ts": 2000, "kind": "proc", "n": 2}, {"ts": 1000, "kind": "proc", "n": 1},
                            {"ts": 3000, "kind": "file", "n": 3}]}""").json().get("hits");

        assertThat(hits.get("events")).extracting(hit -> hit.get("_source").get("n").asInt()).containsExactly(1, 2);
    }

    @Test
    void badQueryIsABadRequestWithLineAndColumn() {
        RulesHttp.Response response = search(TestApiKeys.VIEWER,
                "{\"query\": \"process where process.name == \", \"events\": []}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:tripline:problem:invalid-query");
        assertThat(response.json().get("line").asInt()).isEqualTo(1);
        assertThat(response.json().get("column").asInt()).isPositive();
    }

    @Test
    void searchRefusesInvalidEventsUnknownFieldsAndTooManyEvents() {
        RulesHttp.Response noTime = search(TestApiKeys.VIEWER,
                "{\"query\": \"any where true\", \"events\": [{\"a\": 1}]}");
        RulesHttp.Response unknown = search(TestApiKeys.VIEWER, "{\"query\": \"any where true\", \"evnts\": []}");
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= 10_000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"@timestamp\": ").append(i).append('}');
        }
        RulesHttp.Response tooMany = search(TestApiKeys.VIEWER,
                "{\"query\": \"any where true\", \"events\": " + many + "]}");

        assertThat(noTime.status()).isEqualTo(400);
        assertThat(noTime.json().get("rejected").get(0).get("index").asInt()).isZero();
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.json().get("type").asString()).isEqualTo("urn:tripline:problem:too-many-events");
    }

    @Test
    void searchNeedsAReadingRole() {
        assertThat(search(TestApiKeys.INGEST, "{\"query\": \"any where true\", \"events\": []}").status())
                .isEqualTo(403);
        assertThat(search(null, "{\"query\": \"any where true\", \"events\": []}").status()).isEqualTo(401);
    }

    @Test
    void previewOfTheSeedRuleRaisesOneAlertForTheReverseShellChain() {
        RulesHttp.Response response = http.post("/api/v1/rules/_preview", TestApiKeys.VIEWER, "application/json",
                "{\"rule_id\": \"" + RulesApiIT.SEED_ID + "\", \"events\": " + REVERSE_SHELL + "}");

        assertThat(response.status()).isEqualTo(200);
        JsonNode preview = response.json();
        assertThat(preview.get("rule").get("name").asString()).isEqualTo("Potential Reverse Shell via Suspicious Binary");
        assertThat(preview.get("events").asInt()).isEqualTo(3);
        assertThat(preview.get("alerts")).singleElement().satisfies(alert -> {
            assertThat(alert.get("event_ids").toString()).isEqualTo("[\"e1\",\"e2\",\"e3\"]");
            assertThat(alert.get("join_keys").toString()).isEqualTo("[\"h1\",\"p1\"]");
            assertThat(alert.get("severity").asString()).isEqualTo("medium");
            assertThat(alert.get("first_event_at").asString()).isEqualTo("2026-03-01T10:00:00Z");
            assertThat(alert.get("events")).hasSize(3);
        });
        assertThat(preview.get("suppressed")).isEmpty();
    }

    @Test
    void previewOfAnUnstoredTomlRuleOrQueryPersistsNothing() {
        String id = RulesApiIT.uniqueId("preview");
        String toml = RulesApiIT.toml(id, "network where destination.port == 4444", "high");
        RulesHttp.Response byRule = http.post("/api/v1/rules/_preview", TestApiKeys.VIEWER, "application/json",
                "{\"rule\": " + RulesHttp.JSON.writeValueAsString(toml) + ", \"events\": " + REVERSE_SHELL + "}");
        RulesHttp.Response byQuery = http.post("/api/v1/rules/_preview", TestApiKeys.VIEWER, "application/json",
                "{\"query\": \"process where process.name == \\\"sh\\\"\", \"events\": " + REVERSE_SHELL + "}");

        assertThat(byRule.json().get("alerts")).singleElement()
                .satisfies(alert -> assertThat(alert.get("event_ids").toString()).isEqualTo("[\"e2\"]"));
        assertThat(byRule.json().get("rule").get("stored").asBoolean()).isFalse();
        assertThat(byQuery.json().get("alerts")).singleElement()
                .satisfies(alert -> assertThat(alert.get("event_ids").toString()).isEqualTo("[\"e3\"]"));
        assertThat(http.get("/api/v1/rules/" + id, TestApiKeys.VIEWER).status()).isEqualTo(404);
    }

    @Test
    void previewNeedsExactlyOneRuleSource() {
        RulesHttp.Response none = http.post("/api/v1/rules/_preview", TestApiKeys.VIEWER, "application/json",
                "{\"events\": []}");
        RulesHttp.Response two = http.post("/api/v1/rules/_preview", TestApiKeys.VIEWER, "application/json",
                "{\"query\": \"any where true\", \"rule_id\": \"x\", \"events\": []}");
        RulesHttp.Response missing = http.post("/api/v1/rules/_preview", TestApiKeys.VIEWER, "application/json",
                "{\"rule_id\": \"no-such-rule\", \"events\": []}");

        assertThat(none.status()).isEqualTo(400);
        assertThat(two.status()).isEqualTo(400);
        assertThat(missing.status()).isEqualTo(404);
    }
}
