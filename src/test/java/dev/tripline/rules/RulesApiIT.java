package dev.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.support.IntegrationTest;
import dev.tripline.support.TestApiKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class RulesApiIT {

    static final String SEED_ID = "fa3a59dc-33c3-43bf-80a9-e8437a922c7f";
    static final String TOML = "application/toml";
    static final String JSON = "application/json";

    @LocalServerPort
    int port;

    RulesHttp http;

    @BeforeEach
    void client() {
        http = new RulesHttp(port);
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static String toml(String ruleId, String query, String severity, String... tags) {
        StringBuilder tagList = new StringBuilder();
        for (String tag : tags) {
            tagList.append(tagList.isEmpty() ? "" : ", ").append('"').append(tag).append('"');
        }
        return """
                [metadata]
                creation_date = "2026/01/01"
                maturity = "development"

                [rule]
                author = ["Tripline tests"]
                description = "A rule made for a test"
                language = "eql"
                name = "Test rule %s"
                risk_score = 21
                rule_id = "%s"
                severity = "%s"
                tags = [%s]
                type = "eql"
                query = '''
                %s
                '''
                """.formatted(ruleId, ruleId, severity, tagList, query);
    }

    // --- built-in rule ---

    @Test
    void seedRuleIsStoredEnabledAndInstalledAtStartWithItsVerbatimSource() throws IOException {
        RulesHttp.Response response = http.get("/api/v1/rules/" + SEED_ID, TestApiKeys.VIEWER);

        assertThat(response.status()).isEqualTo(200);
        JsonNode rule = response.json();
        assertThat(rule.get("builtin").asBoolean()).isTrue();
        assertThat(rule.get("origin").asString()).isEqualTo("builtin");
        assertThat(rule.get("installed").asBoolean()).isTrue();
        assertThat(rule.get("name").asString()).isEqualTo("Potential Reverse Shell via Suspicious Binary");
        assertThat(rule.get("threat").get(0).get("tactic").get("id").asString()).isEqualTo("TA0002");
        assertThat(rule.get("note").asString()).startsWith("## Triage and analysis");
        assertThat(rule.get("source").asString()).isEqualTo(RuleParserTest.seed());
        assertThat(rule.get("source_format").asString()).isEqualTo("toml");
        assertThat(rule.get("created_by").asString()).isEqualTo("system");
    }

    @Test
    void builtInRuleCannotBeDeleted() {
        RulesHttp.Response response = http.delete("/api/v1/rules/" + SEED_ID, TestApiKeys.ADMIN);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:tripline:problem:builtin-rule");
        assertThat(http.get("/api/v1/rules/" + SEED_ID, TestApiKeys.VIEWER).status()).isEqualTo(200);
    }

    // --- import one ---

    @Test
    void importsATomlRuleAndKeepsItsSourceVerbatim() {
        String id = uniqueId("toml");
        String source = toml(id, "process where process.name == \"nc\"", "high", "OS: Linux");

        RulesHttp.Response created = http.post("/api/v1/rules", TestApiKeys.ADMIN, TOML, source);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/rules/" + id);
        JsonNode rule = http.get("/api/v1/rules/" + id, TestApiKeys.VIEWER).json();
        assertThat(rule.get("source").asString()).isEqualTo(source);
        assertThat(rule.get("revision").asInt()).isEqualTo(1);
        assertThat(rule.get("enabled").asBoolean()).isTrue();
        assertThat(rule.get("installed").asBoolean()).isTrue();
        assertThat(rule.get("severity").asString()).isEqualTo("high");
        assertThat(rule.get("metadata").get("maturity").asString()).isEqualTo("development");
        assertThat(rule.get("created_by").asString()).isEqualTo("admin-it");
        assertThat(rule.get("updated_by").asString()).isEqualTo("admin-it");
    }

    @Test
    void importsAKibanaJsonRuleDisabledWhenItSaysSo() {
        String id = uniqueId("json");
        String body = """
                {"rule_id": "%s", "name": "JSON rule", "description": "d", "type": "eql", "language": "eql",
                 "query": "process where process.name == \\"nc\\"", "severity": "low", "risk_score": 5,
                 "enabled": false}""".formatted(id);

        RulesHttp.Response created = http.post("/api/v1/rules", TestApiKeys.ADMIN, JSON, body);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("source_format").asString()).isEqualTo("json");
        assertThat(created.json().get("enabled").asBoolean()).isFalse();
        assertThat(created.json().get("installed").asBoolean()).isFalse();
    }

    @Test
    void importingAnExistingRuleIdIsAConflict() {
        String id = uniqueId("twice");
        String source = toml(id, "process where true", "low");
        assertThat(http.post("/api/v1/rules", TestApiKeys.ADMIN, TOML, source).status()).isEqualTo(201);

        RulesHttp.Response again = http.post("/api/v1/rules", TestApiKeys.ADMIN, TOML, source);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).isEqualTo("urn:tripline:problem:rule-exists");
    }

    @Test
    void tomlSyntaxErrorIsABadRequestNamingLineAndColumn() {
        RulesHttp.Response response = http.post("/api/v1/rules", TestApiKeys.ADMIN, TOML,
                "[rule]\nname = \"x\"\nrisk_score = = 3\n");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo("urn:tripline:problem:invalid-rule-syntax");
        assertThat(problem.get("line").asInt()).isEqualTo(3);
        assertThat(problem.get("column").asInt()).isPositive();
    }

    @Test
    void queryErrorIsUnprocessableNamingTheQueryAndFileLines() {
        String id = uniqueId("badquery");
        String source = toml(id, "sequence by host.id\n  [process where process.name == ]", "low");

        RulesHttp.Response response = http.post("/api/v1/rules", TestApiKeys.ADMIN, TOML, source);

        assertThat(response.status()).isEqualTo(422);
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo("urn:tripline:problem:invalid-rule-query");
        assertThat(problem.get("rule_id").asString()).isEqualTo(id);
        assertThat(problem.get("line").asInt()).isEqualTo(2);
        assertThat(problem.get("column").asInt()).isPositive();
        int queryLineInFile = List.of(source.split("\n")).indexOf("sequence by host.id") + 1;
        assertThat(problem.get("source_line").asInt()).isEqualTo(queryLineInFile + 1);
        assertThat(http.get("/api/v1/rules/" + id, TestApiKeys.VIEWER).status()).isEqualTo(404);
    }

    @Test
    void nonEqlRuleIsRefusedAndNothingIsStored() {
        String id = uniqueId("kuery");
        String source = """
                [rule]
                rule_id = "%s"
                name = "KQL"
                description = "d"
                type = "query"
                language = "kuery"
                query = "process.name : bash"
                severity = "low"
                risk_score = 1
                """.formatted(id);

        RulesHttp.Response response = http.post("/api/v1/rules", TestApiKeys.ADMIN, TOML, source);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("type").asString())
                .isEqualTo("urn:tripline:problem:language-not-supported");
        assertThat(response.json().get("detail").asString()).contains("only EQL rules");
        assertThat(http.get("/api/v1/rules/" + id, TestApiKeys.VIEWER).status()).isEqualTo(404);
    }

    // --- roles ---

    @Test
    void onlyAdminsImportReplaceAndDelete() {
        String id = uniqueId("roles");
        String source = toml(id, "process where true", "low");
        assertThat(http.post("/api/v1/rules", TestApiKeys.VIEWER, TOML, source).status()).isEqualTo(403);
        assertThat(http.post("/api/v1/rules", TestApiKeys.ANALYST, TOML, source).status()).isEqualTo(403);
        assertThat(http.post("/api/v1/rules", TestApiKeys.INGEST, TOML, source).status()).isEqualTo(403);
        assertThat(http.post("/api/v1/rules/_import", TestApiKeys.ANALYST, "application/x-ndjson", "{}").status())
                .isEqualTo(403);
        assertThat(http.post("/api/v1/rules", TestApiKeys.ADMIN, TOML, source).status()).isEqualTo(201);
        assertThat(http.put("/api/v1/rules/" + id, TestApiKeys.ANALYST, TOML, source).status()).isEqualTo(403);
        assertThat(http.delete("/api/v1/rules/" + id, TestApiKeys.ANALYST).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/rules", null).status()).isEqualTo(401);
    }

    @Test
    void analystsTuneRulesAndViewersOnlyRead() {
        String id = uniqueId("tune");
        http.post("/api/v1/rules", TestApiKeys.ADMIN, TOML, toml(id, "process where true", "low"));

        assertThat(http.patch("/api/v1/rules/" + id, TestApiKeys.VIEWER, "{\"enabled\": false}").status())
                .isEqualTo(403);
        assertThat(http.patch("/api/v1/rules/" + id, TestApiKeys.ANALYST, "{\"enabled\": false}").status())
                .isEqualTo(200);
        assertThat(http.get("/api/v1/rules/_export", TestApiKeys.VIEWER).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/rules/_status", TestApiKeys.VIEWER).status()).isEqualTo(200);
    }

    // --- manage ---

    @Test
    void patchChangesTunedFieldsAndIncrementsTheRevisionOncePerChange() {
        String id = uniqueId("patch");
        http.post("/api/v1/rules", TestApiKeys.ADMIN, TOML, toml(id, "process where true", "low", "a"));

        RulesHttp.Response patched = http.patch("/api/v1/rules/" + id, TestApiKeys.ANALYST,
                "{\"severity\": \"critical\", \"risk_score\": 99, \"tags\": [\"b\", \"c\"], \"enabled\": false}");

        assertThat(patched.status()).isEqualTo(200);
        JsonNode rule = patched.json();
        assertThat(rule.get("revision").asInt()).isEqualTo(2);
        assertThat(rule.get("severity").asString()).isEqualTo("critical");
        assertThat(rule.get("risk_score").asInt()).isEqualTo(99);
        assertThat(rule.get("tags").toString()).isEqualTo("[\"b\",\"c\"]");
        assertThat(rule.get("enabled").asBoolean()).isFalse();
        assertThat(rule.get("installed").asBoolean()).isFalse();
        assertThat(rule.get("updated_by").asString()).isEqualTo("analyst-it");
        assertThat(rule.get("tuned_fields").toString()).isEqualTo("[\"risk_score\",\"severity\",\"tags\"]");

        RulesHttp.Response same = http.patch("/api/v1/rules/" + id, TestApiKeys.ANALYST, "{\"severity\": \"critical\"}");
        assertThat(same.json().get("revision").asInt()).isEqualTo(2);

        RulesHttp.Response enabled = http.patch("/api/v1/rules/" + id, TestApiKeys.ANALYST, "{\"enabled\": true}");
        assertThat(enabled.json().get("revision").asInt()).isEqualTo(3);
        assertThat(enabled.json().get("installed").asBoolean()).isTrue();
    }

    @Test
    void patchRefusesUnknownFieldsAndBadValues() {
        String id = uniqueId("patchbad");
        http.post("/api/v1/rules", TestApiKeys.ADMIN, TOML, toml(id, "process where true", "low"));

        RulesHttp.Response unknown = http.patch("/api/v1/rules/" + id, TestApiKeys.ANALYST, "{\"query\": \"x\"}");
        RulesHttp.Response bad = http.patch("/api/v1/rules/" + id, TestApiKeys.ANALYST,
                "{\"severity\": \"urgent\", \"risk_score\": 500}");
        RulesHttp.Response missing = http.patch("/api/v1/rules/no-such-rule", TestApiKeys.ANALYST,
                "{\"enabled\": true}");

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("query");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors")).hasSize(2);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(http.get("/api/v1/rules/" + id, TestApiKeys.VIEWER).json().get("revision").asInt()).isEqualTo(1);
    }

    @Test
    void putReplacesTheBodyAndIncrementsTheRevision() {
        String id = uniqueId("put");
        http.post("/api/v1/rules", TestApiKeys.ADMIN, TOML, toml(id, "process where true", "low"));
        http.patch("/api/v1/rules/" + id, TestApiKeys.ANALYST, "{\"risk_score\": 90}");
        String replacement = toml(id, "network where destination.port == 4444", "medium");

        RulesHttp.Response replaced = http.put("/api/v1/rules/" + id, TestApiKeys.ADMIN, TOML, replacement);

        assertThat(replaced.status()).isEqualTo(200);
        JsonNode rule = replaced.json();
        assertThat(rule.get("revision").asInt()).isEqualTo(3);
        assertThat(rule.get("query").asString()).contains("destination.port == 4444");
        assertThat(rule.get("severity").asString()).isEqualTo("medium");
        assertThat(rule.get("risk_score").asInt()).isEqualTo(21);
        assertThat(rule.get("source").asString()).isEqualTo(replacement);
    }

    @Test
    void putRefusesABodyForAnotherRuleId() {
        String id = uniqueId("putid");
        http.post("/api/v1/rules", TestApiKeys.ADMIN, TOML, toml(id, "process where true", "low"));

        RulesHttp.Response response = http.put("/api/v1/rules/" + id, TestApiKeys.ADMIN, TOML,
                toml(uniqueId("other"), "process where true", "low"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:tripline:problem:rule-id-mismatch");
    }

    @Test
    void deletesACustomRuleAndRemovesItFromTheEngine() {
        String id = uniqueId("delete");
        http.post("/api/v1/rules", TestApiKeys.ADMIN, TOML, toml(id, "process where true", "low"));

        assertThat(http.delete("/api/v1/rules/" + id, TestApiKeys.ADMIN).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/rules/" + id, TestApiKeys.VIEWER).status()).isEqualTo(404);
        assertThat(http.delete("/api/v1/rules/" + id, TestApiKeys.ADMIN).status()).isEqualTo(404);
    }

    @Test
    void listFiltersBySeverityTagEnabledAndTextAndPaginates() {
        String tag = "list-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = uniqueId("list" + i);
            ids.add(id);
            http.post("/api/v1/rules", TestApiKeys.ADMIN, TOML,
                    toml(id, "process where true", i == 0 ? "critical" : "low", tag));
        }
        http.patch("/api/v1/rules/" + ids.get(2), TestApiKeys.ANALYST, "{\"enabled\": false}");

        JsonNode tagged = http.get("/api/v1/rules?tag=" + tag + "&per_page=2", TestApiKeys.VIEWER).json();
        assertThat(tagged.get("total").asLong()).isEqualTo(3);
        assertThat(tagged.get("data")).hasSize(2);
        assertThat(tagged.get("data").get(0).has("source")).isFalse();
        JsonNode second = http.get("/api/v1/rules?tag=" + tag + "&per_page=2&page=2", TestApiKeys.VIEWER).json();
        assertThat(second.get("data")).hasSize(1);

        JsonNode critical = http.get("/api/v1/rules?tag=" + tag + "&severity=critical", TestApiKeys.VIEWER).json();
        assertThat(critical.get("data")).singleElement()
                .satisfies(rule -> assertThat(rule.get("rule_id").asString()).isEqualTo(ids.get(0)));
        JsonNode disabled = http.get("/api/v1/rules?tag=" + tag + "&enabled=false", TestApiKeys.VIEWER).json();
        assertThat(disabled.get("data")).singleElement()
                .satisfies(rule -> assertThat(rule.get("rule_id").asString()).isEqualTo(ids.get(2)));
        JsonNode text = http.get("/api/v1/rules?text=" + ids.get(1), TestApiKeys.VIEWER).json();
        assertThat(text.get("total").asLong()).isEqualTo(1);
        JsonNode seed = http.get("/api/v1/rules?text=reverse%20shell", TestApiKeys.VIEWER).json();
        assertThat(seed.get("data").get(0).get("rule_id").asString()).isEqualTo(SEED_ID);

        assertThat(http.get("/api/v1/rules?per_page=0", TestApiKeys.VIEWER).status()).isEqualTo(400);
        assertThat(http.get("/api/v1/rules?severity=urgent", TestApiKeys.VIEWER).status()).isEqualTo(400);
    }

    // --- bulk ---

    @Test
    void ndjsonImportAnswersPerRule() {
        String good = uniqueId("nd-good");
        String badQuery = uniqueId("nd-badquery");
        String kuery = uniqueId("nd-kuery");
        String body = String.join("\n",
                "{\"rule_id\": \"" + good + "\", \"name\": \"g\", \"description\": \"d\", \"type\": \"eql\", "
                        + "\"query\": \"process where true\", \"severity\": \"low\", \"risk_score\": 1}",
                "{\"rule_id\": \"" + badQuery + "\", \"name\": \"b\", \"description\": \"d\", \"type\": \"eql\", "
                        + "\"query\": \"process where (\", \"severity\": \"low\", \"risk_score\": 1}",
                "{\"rule_id\": \"" + kuery + "\", \"type\": \"query\", \"language\": \"kuery\"}",
                "not json",
                "{\"exported_count\": 3, \"missing_rules\": [], \"missing_rules_count\": 0}",
                "");

        RulesHttp.Response response = http.post("/api/v1/rules/_import", TestApiKeys.ADMIN, "application/x-ndjson",
                body);

        assertThat(response.status()).isEqualTo(200);
        JsonNode report = response.json();
        assertThat(report.get("rules_count").asInt()).isEqualTo(4);
        assertThat(report.get("success_count").asInt()).isEqualTo(1);
        assertThat(report.get("error_count").asInt()).isEqualTo(3);
        JsonNode results = report.get("results");
        assertThat(results.get(0).get("status").asString()).isEqualTo("created");
        assertThat(results.get(0).get("revision").asInt()).isEqualTo(1);
        assertThat(results.get(1).get("rule_id").asString()).isEqualTo(badQuery);
        assertThat(results.get(1).get("error").get("type").asString())
                .isEqualTo("urn:tripline:problem:invalid-rule-query");
        assertThat(results.get(2).get("error").get("type").asString())
                .isEqualTo("urn:tripline:problem:language-not-supported");
        assertThat(results.get(3).get("source").asString()).isEqualTo("line 4");
        assertThat(results.get(3).get("error").get("line").asInt()).isEqualTo(1);
        assertThat(http.get("/api/v1/rules/" + good, TestApiKeys.VIEWER).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/rules/" + badQuery, TestApiKeys.VIEWER).status()).isEqualTo(404);
    }

    @Test
    void multipartImportTakesTomlFilesAndOverwritesOnRequest() {
        String first = uniqueId("mp1");
        String second = uniqueId("mp2");
        RulesHttp.Response response = http.multipart("/api/v1/rules/_import", TestApiKeys.ADMIN,
                "a.toml", toml(first, "process where true", "low"),
                "b.toml", toml(second, "file where true", "high"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("success_count").asInt()).isEqualTo(2);
        assertThat(response.json().get("results").get(1).get("source").asString()).isEqualTo("b.toml");

        RulesHttp.Response again = http.multipart("/api/v1/rules/_import", TestApiKeys.ADMIN,
                "a.toml", toml(first, "process where true", "low"),
                "b.toml", toml(second, "file where false", "high"));
        assertThat(again.json().get("results").get(0).get("error").get("type").asString())
                .isEqualTo("urn:tripline:problem:rule-exists");

        RulesHttp.Response overwrite = http.multipart("/api/v1/rules/_import?overwrite=true", TestApiKeys.ADMIN,
                "a.toml", toml(first, "process where true", "low"),
                "b.toml", toml(second, "file where false", "high"));
        assertThat(overwrite.json().get("results").get(0).get("status").asString()).isEqualTo("unchanged");
        assertThat(overwrite.json().get("results").get(1).get("status").asString()).isEqualTo("updated");
        assertThat(overwrite.json().get("results").get(1).get("revision").asInt()).isEqualTo(2);
    }

    @Test
    void exportIsNdjsonOfKibanaRulesWithCurrentSettings() {
        String id = uniqueId("export");
        http.post("/api/v1/rules", TestApiKeys.ADMIN, TOML, toml(id, "process where true", "low"));
        http.patch("/api/v1/rules/" + id, TestApiKeys.ANALYST, "{\"severity\": \"high\"}");

        RulesHttp.Response export = http.get("/api/v1/rules/_export", TestApiKeys.VIEWER);

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("application/x-ndjson");
        JsonNode exported = null;
        for (String line : export.body().split("\n")) {
            JsonNode rule = RulesHttp.JSON.readTree(line);
            if (rule.get("rule_id").asString().equals(id)) {
                exported = rule;
            }
        }
        assertThat(exported).isNotNull();
        assertThat(exported.get("severity").asString()).isEqualTo("high");
        assertThat(exported.get("version").asInt()).isEqualTo(2);
        assertThat(exported.get("enabled").asBoolean()).isTrue();
        assertThat(exported.get("language").asString()).isEqualTo("eql");
        assertThat(export.body()).contains(SEED_ID);

        // the export imports again: as JSON the same rule is a new source, so overwrite updates it
        String line = RulesHttp.JSON.writeValueAsString(exported);
        RulesHttp.Response reimport = http.post("/api/v1/rules/_import?overwrite=true", TestApiKeys.ADMIN,
                "application/x-ndjson", line);
        assertThat(reimport.json().get("results").get(0).get("status").asString()).isEqualTo("updated");
        assertThat(http.get("/api/v1/rules/" + id, TestApiKeys.VIEWER).json().get("severity").asString())
                .isEqualTo("high");
    }

    @Test
    void statusListsEveryRuleWithEngineCounters() {
        JsonNode status = http.get("/api/v1/rules/_status", TestApiKeys.VIEWER).json();

        JsonNode seed = null;
        for (JsonNode rule : status.get("rules")) {
            if (rule.get("rule_id").asString().equals(SEED_ID)) {
                seed = rule;
            }
        }
        assertThat(seed).isNotNull();
        assertThat(seed.get("installed").asBoolean()).isTrue();
        assertThat(seed.get("counters").has("events_seen")).isTrue();
        assertThat(seed.get("counters").has("pending")).isTrue();
        assertThat(seed.get("counters").has("evicted")).isTrue();
        assertThat(status.get("engine").get("installed_rules").asLong()).isPositive();
        assertThat(status.has("load_errors")).isTrue();
    }
}
