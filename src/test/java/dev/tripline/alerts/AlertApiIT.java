package dev.tripline.alerts;

import dev.tripline.support.DefendEvents;

import static dev.tripline.alerts.AlertHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.support.IntegrationTest;
import dev.tripline.support.TestApiKeys;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class AlertApiIT {

    private static final String VIEWER = TestApiKeys.VIEWER;
    private static final String ANALYST = TestApiKeys.ANALYST;

    @Autowired
    Alerts alerts;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    AlertHttp api;
    String rule;

    @BeforeEach
    void setUp() {
        api = new AlertHttp(port);
        // every test works on alerts of its own rule, so tests sharing the database never see each other's alerts
        rule = "rule-" + UUID.randomUUID();
    }

    // ---- one alert

    @Test
    void getReturnsTheWholeAlertWithAStrongETag() {
        NewAlert alert = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");

        HttpResponse<String> response = api.get("/api/v1/alerts/" + alert.id(), VIEWER);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
        JsonNode body = json(response);
        assertThat(body.get("id").stringValue()).isEqualTo(alert.id().toString());
        assertThat(body.get("rule_id").stringValue()).isEqualTo(rule);
        assertThat(body.get("rule_name").stringValue()).isEqualTo("Potential Reverse Shell via Suspicious Binary");
        assertThat(body.get("rule_revision").intValue()).isEqualTo(3);
        assertThat(body.get("risk_score").intValue()).isEqualTo(47);
        assertThat(body.get("status").stringValue()).isEqualTo("open");
        assertThat(body.get("investigation_guide").stringValue()).startsWith("## Triage and analysis");
        assertThat(body.get("threat").get(0).get("tactic").get("id").stringValue()).isEqualTo("TA0002");
        assertThat(body.get("first_event_at").stringValue()).isEqualTo("2025-01-15T10:00:00Z");
        assertThat(body.get("last_event_at").stringValue()).isEqualTo("2025-01-15T10:00:00.200Z");
        assertThat(body.get("process").get("parent").get("name").stringValue()).isEqualTo("sh");
        assertThat(body.get("destination").get("ip").stringValue()).isEqualTo("198.51.100.142");
        assertThat(body.get("events").size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(body.get("events").get(i)).isEqualTo(alert.events().get(i).document());
            assertThat(body.get("event_ids").get(i).stringValue()).isEqualTo(alert.events().get(i).key());
        }
        assertThat(body.get("status_history").isEmpty()).isTrue();
    }

    @Test
    void aRulesInvestigationGuideIsStoredOnceForAllItsAlertsAndShownInEach() {
        String guide = "## Guide of " + rule + "\n\nLook at the parent process first.";
        List<NewAlert> raised = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RuleSnapshot base = TestAlerts.rule(rule);
            RuleSnapshot snapshot = new RuleSnapshot(base.ruleId(), base.name(), base.revision(), base.severity(),
                    base.riskScore(), base.threat(), guide, base.references(), base.tags());
            DefendEvents.Chain chain = DefendEvents.Chain.random();
            NewAlert alert = TestAlerts.alert(UUID.randomUUID(), snapshot, chain, chain.reverseShell(DefendEvents.T0));
            assertThat(alerts.raise(List.of(alert))).hasSize(1);
            raised.add(alert);
        }

        assertThat(jdbc.queryForObject("SELECT count(*) FROM alert_guides WHERE guide = ?", Integer.class, guide))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM alerts WHERE rule_id = ? AND investigation_guide IS NULL"
                + " AND investigation_guide_sha256 IS NOT NULL", Integer.class, rule)).isEqualTo(3);
        for (NewAlert alert : raised) {
            JsonNode body = json(api.get("/api/v1/alerts/" + alert.id(), VIEWER));
            assertThat(body.get("investigation_guide").stringValue()).isEqualTo(guide);
        }
    }

    @Test
    void getWithTheCurrentETagIsNotModified() {
        NewAlert alert = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");

        HttpResponse<String> response = api.get("/api/v1/alerts/" + alert.id(), VIEWER, "If-None-Match", "\"1\"");

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void unknownAndMalformedAlertIdsAreNotFoundProblems() {
        HttpResponse<String> unknown = api.get("/api/v1/alerts/" + UUID.randomUUID(), VIEWER);
        HttpResponse<String> malformed = api.get("/api/v1/alerts/not-a-uuid", VIEWER);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("type").stringValue()).isEqualTo("urn:tripline:problem:not-found");
        assertThat(malformed.statusCode()).isEqualTo(404);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    // ---- the list

    @Test
    void listLeavesOutTheHeavyPartsOfEachAlert() {
        raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");

        JsonNode item = json(api.get("/api/v1/alerts?rule_id=" + rule, VIEWER)).get("data").get(0);

        assertThat(item.has("events")).isFalse();
        assertThat(item.has("investigation_guide")).isFalse();
        assertThat(item.get("reason").stringValue()).contains("connected to 198.51.100.142:4444");
        assertThat(item.get("event_ids").size()).isEqualTo(3);
    }

    @Test
    void listFiltersByStatusSeverityHostAndEventTime() {
        DefendEvents.Chain hostA = DefendEvents.Chain.random();
        DefendEvents.Chain hostB = DefendEvents.Chain.random();
        NewAlert early = raise(hostA, DefendEvents.T0, "medium");
        NewAlert late = raise(hostA, DefendEvents.T0.plusSeconds(3600), "high");
        NewAlert other = raise(hostB, DefendEvents.T0.plusSeconds(60), "medium");
        close(other.id());

        assertThat(ids("rule_id=" + rule)).containsExactly(early.id(), late.id(), other.id());
        assertThat(ids("rule_id=" + rule + "&status=open")).containsExactly(early.id(), late.id());
        assertThat(ids("rule_id=" + rule + "&status=closed,acknowledged")).containsExactly(other.id());
        assertThat(ids("rule_id=" + rule + "&severity=high")).containsExactly(late.id());
        assertThat(ids("rule_id=" + rule + "&host_id=" + hostB.hostId())).containsExactly(other.id());
        assertThat(ids("rule_id=" + rule + "&host_name=" + hostA.hostName() + "&host_name=" + hostB.hostName()))
                .containsExactly(early.id(), late.id(), other.id());
        assertThat(ids("rule_id=" + rule + "&from=2025-01-15T10:00:30Z&to=2025-01-15T11:00:00.2Z"))
                .containsExactly(other.id());
        assertThat(ids("rule_id=" + rule + "&from=2025-01-15T11:00:00.2Z")).containsExactly(late.id());
        assertThat(ids("rule_id=" + rule + "&updated_since=" + Instant.now().plusSeconds(3600))).isEmpty();
        assertThat(ids("rule_id=" + rule + "&updated_since=2000-01-01T00:00:00Z")).hasSize(3);
    }

    @Test
    void pagesCoverEveryAlertOnceInBothOrders() {
        List<UUID> raised = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            raised.add(raise(DefendEvents.Chain.random(), DefendEvents.T0, "low").id());
        }

        List<UUID> ascending = walk("rule_id=" + rule, 3);
        List<UUID> descending = walk("rule_id=" + rule + "&order=desc", 3);

        assertThat(ascending).containsExactlyElementsOf(raised);
        List<UUID> newestFirst = new ArrayList<>(raised);
        java.util.Collections.reverse(newestFirst);
        assertThat(descending).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void aPollerAtTheEndOfTheFeedKeepsItsPlaceAndGetsOnlyNewAlerts() {
        NewAlert first = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");
        JsonNode page = json(api.get("/api/v1/alerts?rule_id=" + rule, VIEWER));
        String cursor = page.get("next_cursor").stringValue();

        JsonNode empty = json(api.get("/api/v1/alerts?rule_id=" + rule + "&cursor=" + cursor, VIEWER));
        NewAlert second = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");
        JsonNode next = json(api.get("/api/v1/alerts?rule_id=" + rule + "&cursor=" + cursor, VIEWER));

        assertThat(page.get("data").get(0).get("id").stringValue()).isEqualTo(first.id().toString());
        assertThat(empty.get("data").isEmpty()).isTrue();
        assertThat(empty.get("next_cursor").stringValue()).isEqualTo(cursor);
        assertThat(next.get("data")).hasSize(1);
        assertThat(next.get("data").get(0).get("id").stringValue()).isEqualTo(second.id().toString());
    }

    @Test
    void unchangedListIsNotModifiedAndAnyChangeGivesANewETag() {
        NewAlert alert = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");
        HttpResponse<String> first = api.get("/api/v1/alerts?rule_id=" + rule, VIEWER);
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = api.get("/api/v1/alerts?rule_id=" + rule, VIEWER, "If-None-Match", etag);
        api.patch("/api/v1/alerts/" + alert.id(), ANALYST, "{\"assignee\":\"ana\"}", "If-Match", "\"1\"");
        HttpResponse<String> changed = api.get("/api/v1/alerts?rule_id=" + rule, VIEWER, "If-None-Match", etag);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isPresent().isNotEqualTo(etag);
        assertThat(json(changed).get("data").get(0).get("assignee").stringValue()).isEqualTo("ana");
    }

    @Test
    void limitOutsideOneToAThousandIsAProblemNamingTheParameter() {
        for (String limit : List.of("0", "1001", "ten")) {
            HttpResponse<String> response = api.get("/api/v1/alerts?limit=" + limit, VIEWER);

            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode problem = json(response);
            assertThat(problem.get("type").stringValue()).isEqualTo("urn:tripline:problem:invalid-request");
            assertThat(problem.get("errors").get(0).get("field").stringValue()).isEqualTo("limit");
        }
        assertThat(api.get("/api/v1/alerts?limit=1000&rule_id=" + rule, VIEWER).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownOrInvalidQueryParametersAreProblemsNamingEachOne() {
        HttpResponse<String> response = api.get("/api/v1/alerts?stauts=open&severity=urgent&from=yesterday", VIEWER);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(json(response))).containsExactlyInAnyOrder("stauts", "severity", "from");
    }

    @Test
    void aCursorIsRefusedForAnotherQueryOrWhenTamperedWith() {
        raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");
        raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");
        String cursor = json(api.get("/api/v1/alerts?limit=1&rule_id=" + rule, VIEWER)).get("next_cursor").stringValue();

        HttpResponse<String> otherQuery = api.get("/api/v1/alerts?limit=1&status=open&rule_id=" + rule + "&cursor="
                + cursor, VIEWER);
        HttpResponse<String> tampered = api.get("/api/v1/alerts?rule_id=" + rule + "&cursor=x" + cursor, VIEWER);

        assertThat(otherQuery.statusCode()).isEqualTo(400);
        assertThat(fields(json(otherQuery))).containsExactly("cursor");
        assertThat(tampered.statusCode()).isEqualTo(400);
        assertThat(fields(json(tampered))).containsExactly("cursor");
    }

    // ---- triage of one alert

    @Test
    void patchWithoutIfMatchIsPreconditionRequired() {
        NewAlert alert = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");

        HttpResponse<String> response = api.patch("/api/v1/alerts/" + alert.id(), ANALYST, "{\"status\":\"acknowledged\"}");

        assertThat(response.statusCode()).isEqualTo(428);
        assertThat(json(response).get("type").stringValue()).isEqualTo("urn:tripline:problem:precondition-required");
        assertThat(status(alert.id())).isEqualTo("open");
    }

    @Test
    void patchWithAStaleETagFailsAndChangesNothing() {
        NewAlert alert = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");
        api.patch("/api/v1/alerts/" + alert.id(), ANALYST, "{\"assignee\":\"first\"}", "If-Match", "\"1\"");

        HttpResponse<String> stale = api.patch("/api/v1/alerts/" + alert.id(), ANALYST,
                "{\"assignee\":\"second\"}", "If-Match", "\"1\"");

        assertThat(stale.statusCode()).isEqualTo(412);
        JsonNode problem = json(stale);
        assertThat(problem.get("type").stringValue()).isEqualTo("urn:tripline:problem:precondition-failed");
        assertThat(problem.get("current_etag").stringValue()).isEqualTo("\"2\"");
        JsonNode current = json(api.get("/api/v1/alerts/" + alert.id(), VIEWER));
        assertThat(current.get("assignee").stringValue()).isEqualTo("first");
        assertThat(current.get("version").intValue()).isEqualTo(2);
    }

    @Test
    void closingAnAlertRecordsWhoAndWhenAndBumpsTheVersion() {
        NewAlert alert = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");
        Instant before = Instant.now().minusSeconds(5);

        HttpResponse<String> response = api.patch("/api/v1/alerts/" + alert.id(), ANALYST,
                "{\"status\":\"closed\",\"status_reason\":\"false_positive\"}", "If-Match", "\"1\"");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"2\"");
        JsonNode body = json(response);
        assertThat(body.get("status").stringValue()).isEqualTo("closed");
        assertThat(body.get("status_reason").stringValue()).isEqualTo("false_positive");
        JsonNode change = body.get("status_history").get(0);
        assertThat(change.get("from_status").stringValue()).isEqualTo("open");
        assertThat(change.get("to_status").stringValue()).isEqualTo("closed");
        assertThat(change.get("status_reason").stringValue()).isEqualTo("false_positive");
        assertThat(change.get("changed_by").stringValue()).isEqualTo("analyst-it");
        assertThat(Instant.parse(change.get("changed_at").stringValue())).isAfter(before);
        assertThat(Instant.parse(body.get("updated_at").stringValue()))
                .isAfter(Instant.parse(body.get("detected_at").stringValue()));
    }

    @Test
    void reopeningDropsTheClosingReasonAndRecordsTheSecondChange() {
        NewAlert alert = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");
        api.patch("/api/v1/alerts/" + alert.id(), ANALYST, "{\"status\":\"closed\",\"status_reason\":\"duplicate\"}",
                "If-Match", "\"1\"");

        JsonNode body = json(api.patch("/api/v1/alerts/" + alert.id(), ANALYST, "{\"status\":\"open\"}",
                "If-Match", "\"2\""));

        assertThat(body.get("status").stringValue()).isEqualTo("open");
        assertThat(body.has("status_reason")).isFalse();
        assertThat(body.get("status_history")).hasSize(2);
        assertThat(body.get("status_history").get(1).get("from_status").stringValue()).isEqualTo("closed");
        assertThat(body.get("status_history").get(1).get("to_status").stringValue()).isEqualTo("open");
    }

    @Test
    void assigneeAndTagsChangeWithoutAStatusChangeRecord() {
        NewAlert alert = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");

        JsonNode body = json(api.patch("/api/v1/alerts/" + alert.id(), ANALYST,
                "{\"assignee\":\"ana\",\"tags\":[\"c2\",\"lab\",\"c2\"]}", "If-Match", "*"));
        JsonNode cleared = json(api.patch("/api/v1/alerts/" + alert.id(), ANALYST,
                "{\"assignee\":null,\"tags\":[]}", "If-Match", "\"2\""));

        assertThat(body.get("assignee").stringValue()).isEqualTo("ana");
        assertThat(body.get("tags")).extracting(JsonNode::stringValue).containsExactly("c2", "lab");
        assertThat(body.get("status_history").isEmpty()).isTrue();
        assertThat(cleared.has("assignee")).isFalse();
        assertThat(cleared.get("tags").isEmpty()).isTrue();
        assertThat(cleared.get("version").intValue()).isEqualTo(3);
    }

    @Test
    void patchThatChangesNothingKeepsTheVersion() {
        NewAlert alert = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");

        HttpResponse<String> response = api.patch("/api/v1/alerts/" + alert.id(), ANALYST, "{\"status\":\"open\"}",
                "If-Match", "\"1\"");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
    }

    @Test
    void unknownFieldsInAPatchAreAProblemNamingEachOne() {
        NewAlert alert = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");

        HttpResponse<String> response = api.patch("/api/v1/alerts/" + alert.id(), ANALYST,
                "{\"stauts\":\"closed\",\"owner\":\"x\",\"tags\":[\"ok\"]}", "If-Match", "\"1\"");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(json(response))).containsExactly("owner", "stauts");
        assertThat(json(api.get("/api/v1/alerts/" + alert.id(), VIEWER)).get("tags").isEmpty()).isTrue();
    }

    @Test
    void wrongTypesAndValuesInAPatchAreAProblemNamingEachField() {
        NewAlert alert = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");

        HttpResponse<String> response = api.patch("/api/v1/alerts/" + alert.id(), ANALYST,
                "{\"status\":\"done\",\"status_reason\":7,\"assignee\":[],\"tags\":[\"ok\",1,\" \"]}", "If-Match", "\"1\"");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(json(response))).containsExactlyInAnyOrder("status", "status_reason", "assignee", "tags[1]",
                "tags[2]");
    }

    @Test
    void aClosingReasonForAnAlertThatStaysOpenIsUnprocessable() {
        NewAlert alert = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");

        HttpResponse<String> response = api.patch("/api/v1/alerts/" + alert.id(), ANALYST,
                "{\"status_reason\":\"true_positive\"}", "If-Match", "\"1\"");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("type").stringValue())
                .isEqualTo("urn:tripline:problem:status-reason-requires-closed");
    }

    @Test
    void malformedJsonAndEmptyPatchesAreBadRequests() {
        NewAlert alert = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");

        HttpResponse<String> malformed = api.patch("/api/v1/alerts/" + alert.id(), ANALYST, "{\"status\":", "If-Match",
                "\"1\"");
        HttpResponse<String> empty = api.patch("/api/v1/alerts/" + alert.id(), ANALYST, "{}", "If-Match", "\"1\"");
        HttpResponse<String> notAnObject = api.patch("/api/v1/alerts/" + alert.id(), ANALYST, "[1]", "If-Match", "\"1\"");

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("type").stringValue()).isEqualTo("urn:tripline:problem:malformed-body");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(notAnObject.statusCode()).isEqualTo(400);
    }

    @Test
    void patchOfAnUnknownAlertIsNotFound() {
        HttpResponse<String> response = api.patch("/api/v1/alerts/" + UUID.randomUUID(), ANALYST,
                "{\"status\":\"closed\"}", "If-Match", "*");

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void aViewerCannotChangeAlerts() {
        NewAlert alert = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");

        HttpResponse<String> response = api.patch("/api/v1/alerts/" + alert.id(), VIEWER, "{\"status\":\"closed\"}",
                "If-Match", "*");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(status(alert.id())).isEqualTo("open");
    }

    // ---- bulk status

    @Test
    void bulkStatusReportsEachIdAndRecordsEveryChange() {
        NewAlert open = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");
        NewAlert closed = raise(DefendEvents.Chain.random(), DefendEvents.T0, "medium");
        close(closed.id());
        UUID missing = UUID.randomUUID();

        HttpResponse<String> response = api.post("/api/v1/alerts/_status", ANALYST, """
                {"ids":["%s","%s","%s"],"status":"closed","status_reason":"benign_positive"}"""
                .formatted(open.id(), missing, closed.id()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("updated").intValue()).isEqualTo(2);
        assertThat(body.get("not_found").intValue()).isEqualTo(1);
        assertThat(body.get("results")).extracting(item -> item.get("result").stringValue())
                .containsExactly("updated", "not_found", "updated");
        JsonNode reopened = json(api.get("/api/v1/alerts/" + closed.id(), VIEWER));
        assertThat(reopened.get("status_reason").stringValue()).isEqualTo("benign_positive");
        assertThat(reopened.get("status_history")).hasSize(2);
        assertThat(reopened.get("status_history").get(1).get("from_status").stringValue()).isEqualTo("closed");
        assertThat(json(api.get("/api/v1/alerts/" + open.id(), VIEWER)).get("status_history").get(0)
                .get("changed_by").stringValue()).isEqualTo("analyst-it");

        JsonNode repeated = json(api.post("/api/v1/alerts/_status", ANALYST, """
                {"ids":["%s"],"status":"closed","status_reason":"benign_positive"}""".formatted(open.id())));
        assertThat(repeated.get("results").get(0).get("result").stringValue()).isEqualTo("unchanged");
    }

    @Test
    void bulkStatusRejectsMalformedIdsUnknownFieldsAndAClosingReasonWithoutClosing() {
        HttpResponse<String> response = api.post("/api/v1/alerts/_status", ANALYST,
                "{\"ids\":[\"nope\"],\"status\":\"open\",\"status_reason\":\"other\",\"why\":1}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(json(response))).containsExactlyInAnyOrder("ids[0]", "status_reason", "why");
    }

    // ---- summary

    @Test
    void summaryCountsByStatusSeverityRuleAndHost() {
        DefendEvents.Chain hostA = DefendEvents.Chain.random();
        DefendEvents.Chain hostB = DefendEvents.Chain.random();
        raise(hostA, DefendEvents.T0, "medium");
        raise(hostA, DefendEvents.T0, "high");
        NewAlert closed = raise(hostB, DefendEvents.T0, "medium");
        close(closed.id());

        JsonNode summary = json(api.get("/api/v1/alerts/_summary?rule_id=" + rule, VIEWER));

        assertThat(summary.get("total").longValue()).isEqualTo(3);
        assertThat(summary.get("by_status").get("open").longValue()).isEqualTo(2);
        assertThat(summary.get("by_status").get("closed").longValue()).isEqualTo(1);
        assertThat(summary.get("by_status").get("acknowledged").longValue()).isZero();
        assertThat(summary.get("by_severity").get("medium").longValue()).isEqualTo(2);
        assertThat(summary.get("by_severity").get("high").longValue()).isEqualTo(1);
        assertThat(summary.get("by_severity").get("critical").longValue()).isZero();
        assertThat(summary.get("by_rule")).hasSize(1);
        assertThat(summary.get("by_rule").get(0).get("rule_id").stringValue()).isEqualTo(rule);
        assertThat(summary.get("by_rule").get(0).get("count").longValue()).isEqualTo(3);
        assertThat(summary.get("by_host")).extracting(host -> host.get("host_id").stringValue() + "="
                + host.get("count").longValue()).containsExactly(hostA.hostId() + "=2", hostB.hostId() + "=1");
        assertThat(summary.get("by_host").get(0).get("host_name").stringValue()).isEqualTo(hostA.hostName());

        JsonNode open = json(api.get("/api/v1/alerts/_summary?status=open&top=1&rule_id=" + rule, VIEWER));
        assertThat(open.get("total").longValue()).isEqualTo(2);
        assertThat(open.get("by_host")).hasSize(1);
    }

    @Test
    void summaryRejectsListOnlyParameters() {
        HttpResponse<String> response = api.get("/api/v1/alerts/_summary?limit=5&top=101", VIEWER);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(json(response))).containsExactlyInAnyOrder("limit", "top");
    }

    // ---- helpers

    private NewAlert raise(DefendEvents.Chain chain, Instant start, String severity) {
        RuleSnapshot base = TestAlerts.rule(rule);
        RuleSnapshot snapshot = new RuleSnapshot(base.ruleId(), base.name(), base.revision(), severity, base.riskScore(),
                base.threat(), base.note(), base.references(), base.tags());
        NewAlert alert = TestAlerts.alert(UUID.randomUUID(), snapshot, chain, chain.reverseShell(start));
        assertThat(alerts.raise(List.of(alert))).hasSize(1);
        return alert;
    }

    private void close(UUID id) {
        HttpResponse<String> response = api.patch("/api/v1/alerts/" + id, ANALYST, "{\"status\":\"closed\"}",
                "If-Match", "*");
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private String status(UUID id) {
        return json(api.get("/api/v1/alerts/" + id, VIEWER)).get("status").stringValue();
    }

    private List<UUID> ids(String query) {
        HttpResponse<String> response = api.get("/api/v1/alerts?" + query, VIEWER);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<UUID> ids = new ArrayList<>();
        json(response).get("data").forEach(item -> ids.add(UUID.fromString(item.get("id").stringValue())));
        return ids;
    }

    private List<UUID> walk(String query, int limit) {
        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 100; pages++) {
            JsonNode page = json(api.get("/api/v1/alerts?" + query + "&limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + cursor), VIEWER));
            page.get("data").forEach(item -> seen.add(UUID.fromString(item.get("id").stringValue())));
            if (page.get("data").size() < limit || !page.hasNonNull("next_cursor")) {
                return seen;
            }
            cursor = page.get("next_cursor").stringValue();
        }
        throw new AssertionError("the list did not end after 100 pages");
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").stringValue()));
        return fields;
    }
}
