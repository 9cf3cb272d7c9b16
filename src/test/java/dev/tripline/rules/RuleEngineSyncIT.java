package dev.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineBatch;
import dev.tripline.engine.Match;
import dev.tripline.engine.RuleCounters;
import dev.tripline.event.Event;
import dev.tripline.support.IntegrationTest;
import dev.tripline.support.TestApiKeys;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A committed rule change reaches the engine bean for the very next batch, and drops the old rule's partials. */
@IntegrationTest
class RuleEngineSyncIT {

    private static final String SEQUENCE = """
            sequence by host.id with maxspan=1m
              [process where process.name == "stage1"]
              [process where process.name == "stage2"]""";

    @LocalServerPort
    int port;

    @Autowired
    DetectionEngine engine;

    @Autowired
    Rules rules;

    RulesHttp http;
    String ruleId;
    String host;
    Instant time = Instant.parse("2026-03-01T10:00:00Z");

    @BeforeEach
    void rule() {
        http = new RulesHttp(port);
        ruleId = RulesApiIT.uniqueId("sync");
        host = "host-" + UUID.randomUUID();
        assertThat(http.post("/api/v1/rules", TestApiKeys.ADMIN, RulesApiIT.TOML,
                RulesApiIT.toml(ruleId, SEQUENCE, "low")).status()).isEqualTo(201);
    }

    private Event event(String processName) {
        time = time.plusSeconds(1);
        return Event.from(RulesHttp.JSON.readTree("""
                {"@timestamp": "%s", "event": {"category": ["process"], "type": ["start"]},
                 "host": {"id": "%s"}, "process": {"name": "%s", "entity_id": "%s"}}"""
                .formatted(time, host, processName, UUID.randomUUID())));
    }

    private List<Match> evaluate(Event... events) {
        try (EngineBatch batch = engine.evaluate(List.of(events))) {
            List<Match> matches = batch.matches().stream().filter(m -> m.ruleId().equals(ruleId)).toList();
            batch.commit();
            return matches;
        }
    }

    private RuleCounters counters() {
        return engine.counters(ruleId).orElseThrow();
    }

    @Test
    void importedRuleMatchesOnTheNextBatchWithItsRevision() {
        assertThat(evaluate(event("stage1"))).isEmpty();
        List<Match> matches = evaluate(event("stage2"));

        assertThat(matches).singleElement().satisfies(match -> assertThat(match.ruleRevision()).isEqualTo(1));
        assertThat(rules.metadata(ruleId)).hasValueSatisfying(meta -> {
            assertThat(meta.revision()).isEqualTo(1);
            assertThat(meta.name()).isEqualTo("Test rule " + ruleId);
        });
    }

    @Test
    void patchReinstallsTheRuleAndDropsItsPartialMatches() {
        evaluate(event("stage1"));
        assertThat(counters().pending()).isEqualTo(1);

        http.patch("/api/v1/rules/" + ruleId, TestApiKeys.ANALYST, "{\"severity\": \"high\"}");

        assertThat(counters().pending()).isZero();
        assertThat(counters().droppedOnReplace()).isEqualTo(1);
        assertThat(counters().revision()).isEqualTo(2);
        assertThat(evaluate(event("stage2"))).as("the dropped partial cannot complete").isEmpty();
        assertThat(rules.metadata(ruleId)).hasValueSatisfying(meta -> {
            assertThat(meta.severity()).isEqualTo("high");
            assertThat(meta.revision()).isEqualTo(2);
        });
        evaluate(event("stage1"));
        assertThat(evaluate(event("stage2"))).singleElement()
                .satisfies(match -> assertThat(match.ruleRevision()).isEqualTo(2));
    }

    @Test
    void putRunsTheNewQueryFromTheNextBatch() {
        String replaced = """
                sequence by host.id with maxspan=1m
                  [process where process.name == "first"]
                  [process where process.name == "second"]""";
        http.put("/api/v1/rules/" + ruleId, TestApiKeys.ADMIN, RulesApiIT.TOML,
                RulesApiIT.toml(ruleId, replaced, "low"));

        evaluate(event("stage1"));
        assertThat(evaluate(event("stage2"))).isEmpty();
        evaluate(event("first"));
        assertThat(evaluate(event("second"))).singleElement()
                .satisfies(match -> assertThat(match.ruleRevision()).isEqualTo(2));
    }

    @Test
    void disablingRemovesTheRuleFromTheEngineAndEnablingBringsItBack() {
        evaluate(event("stage1"));
        http.patch("/api/v1/rules/" + ruleId, TestApiKeys.ANALYST, "{\"enabled\": false}");

        assertThat(engine.installedRuleIds()).doesNotContain(ruleId);
        assertThat(counters().droppedOnReplace()).isEqualTo(1);
        evaluate(event("stage1"));
        assertThat(evaluate(event("stage2"))).isEmpty();

        http.patch("/api/v1/rules/" + ruleId, TestApiKeys.ANALYST, "{\"enabled\": true}");
        assertThat(engine.installedRuleIds()).contains(ruleId);
        evaluate(event("stage1"));
        assertThat(evaluate(event("stage2"))).singleElement()
                .satisfies(match -> assertThat(match.ruleRevision()).isEqualTo(3));
    }

    @Test
    void deletingUninstallsTheRule() {
        http.delete("/api/v1/rules/" + ruleId, TestApiKeys.ADMIN);

        assertThat(engine.installedRuleIds()).doesNotContain(ruleId);
        assertThat(rules.metadata(ruleId)).isEmpty();
    }

    @Test
    void statusShowsTheRulesCountersAndLastAlertTime() {
        evaluate(event("stage1"));
        evaluate(event("stage2"));
        Instant detected = Instant.parse("2026-03-01T10:00:05Z");
        rules.alertsRaised(ruleId, detected);

        var status = http.get("/api/v1/rules/_status", TestApiKeys.VIEWER).json();
        var rule = java.util.stream.StreamSupport.stream(status.get("rules").spliterator(), false)
                .filter(r -> r.get("rule_id").asString().equals(ruleId)).findFirst().orElseThrow();

        assertThat(rule.get("counters").get("events_seen").asLong()).isEqualTo(2);
        assertThat(rule.get("counters").get("stage_hits").asLong()).isEqualTo(2);
        assertThat(rule.get("counters").get("matches").asLong()).isEqualTo(1);
        assertThat(rule.get("counters").get("pending").asLong()).isZero();
        assertThat(rule.get("last_alert_at").asString()).isEqualTo("2026-03-01T10:00:05Z");
    }
}
