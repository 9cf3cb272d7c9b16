package dev.tripline.rules;

import dev.tripline.engine.EqlSearch;
import dev.tripline.engine.MatchIds;
import dev.tripline.engine.SearchResult;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.EventPredicate;
import dev.tripline.event.Event;
import dev.tripline.event.Timestamps;
import dev.tripline.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/rules/_preview}: the alerts a rule would raise on the given events, with the rule's
 * exceptions and allowlist applied (an excluded event takes part in no stage) and each suppression listed. Nothing
 * is stored and the live engine is not touched.
 */
@Tag(name = "Rules")
@RestController
class RulePreviewController {

    static final Set<String> FIELDS = Set.of("rule_id", "query", "rule", "events", "event_category_field",
            "timestamp_field");
    private static final String AD_HOC = "preview";

    private final RuleService rules;
    private final RuleParser parser;
    private final RuleChecker checker;
    private final RuleRuntime runtime;
    private final RulesProperties properties;

    RulePreviewController(RuleService rules, RuleParser parser, RuleChecker checker, RuleRuntime runtime,
            RulesProperties properties) {
        this.rules = rules;
        this.parser = parser;
        this.checker = checker;
        this.runtime = runtime;
        this.properties = properties;
    }

    record Preview(PreviewRule rule, int events, int suppressedEvents, List<PreviewAlert> alerts,
            List<Suppressed> suppressed) {
    }

    record PreviewRule(String ruleId, String name, Integer revision, String severity, Integer riskScore,
            boolean stored) {
    }

    /**
     * An alert that would be raised.
     *
     * @param matchId the engine's deterministic id for these events (the same events raise the same id when ingested)
     */
    record PreviewAlert(String matchId, String ruleId, String ruleName, String severity, Integer riskScore,
            List<Object> joinKeys, List<String> eventIds, Instant firstEventAt, Instant lastEventAt,
            List<JsonNode> events) {
    }

    /** An event the rule's exceptions or allowlist kept out, and which entries did. */
    record Suppressed(int index, String eventId, List<RuleSuppression> by) {
    }

    @Operation(summary = "Preview the alerts a rule would raise",
            description = "Body: exactly one of rule_id (a stored rule), query (EQL) or rule (a TOML file or JSON "
                    + "rule object as text), and events[] (plus event_category_field and timestamp_field as in "
                    + "search). Exceptions and allowlist entries of the rule are applied and each suppression is "
                    + "listed. Nothing is stored.")
    @PostMapping(path = "/api/v1/rules/_preview", consumes = MediaType.APPLICATION_JSON_VALUE)
    Preview preview(@RequestBody JsonNode body) {
        SearchEvents.onlyFields(body, FIELDS);
        String ruleId = SearchEvents.text(body, "rule_id", null);
        String query = SearchEvents.text(body, "query", null);
        String ruleText = SearchEvents.text(body, "rule", null);
        int given = (ruleId != null ? 1 : 0) + (query != null ? 1 : 0) + (ruleText != null ? 1 : 0);
        if (given != 1) {
            throw ApiException.badRequest("Give exactly one of rule_id, query or rule");
        }
        String categoryField = SearchEvents.text(body, "event_category_field", null);
        String timestampField = SearchEvents.text(body, "timestamp_field", "@timestamp");

        PreviewRule rule;
        CompiledQuery compiled;
        String exclusionsOf;
        if (ruleId != null) {
            StoredRule stored = rules.stored(ruleId);
            compiled = checker.compile(ruleId, stored.query(),
                    categoryField != null ? categoryField : RuleRuntime.categoryField(stored), stored.source());
            rule = new PreviewRule(ruleId, stored.name(), stored.revision(), stored.severity(), stored.riskScore(),
                    true);
            exclusionsOf = ruleId;
        } else if (query != null) {
            compiled = checker.compileQuery(query, categoryField);
            rule = new PreviewRule(AD_HOC, "EQL query", null, null, null, false);
            exclusionsOf = null;
        } else {
            if (ruleText.length() > properties.maxRuleBytes()) {
                throw ApiException.badRequest("rule may have at most " + properties.maxRuleBytes() + " characters");
            }
            ElasticRule parsed = parser.parse(ruleText, RuleParser.detect(ruleText));
            compiled = checker.check(parsed, ruleText);
            rule = new PreviewRule(parsed.ruleId(), parsed.name(), null, parsed.severity(), parsed.riskScore(),
                    false);
            exclusionsOf = parsed.ruleId();
        }

        List<Event> events = SearchEvents.read(body.get("events"), timestampField, properties.maxSearchEvents());
        List<Event> kept = new ArrayList<>(events.size());
        List<Suppressed> suppressed = new ArrayList<>();
        EventPredicate exclusion = exclusionsOf == null ? null : runtime.exclusion(exclusionsOf);
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            if (exclusion != null && exclusion.test(event)) {
                suppressed.add(new Suppressed(i, event.key(), runtime.explain(exclusionsOf, event)));
            } else {
                kept.add(event);
            }
        }

        SearchResult result = EqlSearch.run(compiled, kept);
        List<PreviewAlert> alerts = new ArrayList<>();
        if (result.kind() == dev.tripline.eql.QueryKind.EVENT) {
            for (Event event : result.events()) {
                alerts.add(alert(rule, List.of(), List.of(event)));
            }
        } else {
            for (SearchResult.Sequence sequence : result.sequences()) {
                alerts.add(alert(rule, sequence.joinKeys(),
                        sequence.events().stream().filter(Objects::nonNull).toList()));
            }
        }
        return new Preview(rule, events.size(), suppressed.size(), alerts, suppressed);
    }

    private static PreviewAlert alert(PreviewRule rule, List<Object> joinKeys, List<Event> events) {
        return new PreviewAlert(MatchIds.of(rule.ruleId(), events), rule.ruleId(), rule.name(), rule.severity(),
                rule.riskScore(), joinKeys, events.stream().map(Event::key).toList(),
                Timestamps.toInstant(events.get(0).timestampNanos()),
                Timestamps.toInstant(events.get(events.size() - 1).timestampNanos()),
                events.stream().<JsonNode>map(Event::document).toList());
    }
}
