package dev.tripline.rules;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * One row of the {@code rules} table.
 *
 * @param severity effective severity (the body's unless tuned)
 * @param riskScore effective risk score (the body's unless tuned)
 * @param tags effective tags (the body's unless tuned)
 * @param tunedFields which of severity, risk_score, tags a PATCH set: those survive a newer shipped file
 * @param source the rule text exactly as it arrived
 * @param bodyReplaced whether an admin replaced the body (PUT): then a newer shipped file does not overwrite it
 */
record StoredRule(String ruleId, String name, String description, String severity, int riskScore, List<String> tags,
        Set<String> tunedFields, String query, RuleFormat format, String source, String sourceSha256, ObjectNode body,
        ObjectNode metadata, RuleOrigin origin, boolean bodyReplaced, boolean enabled, int revision, String createdBy,
        String updatedBy, Instant createdAt, Instant updatedAt) {

    static final String SEVERITY = "severity";
    static final String RISK_SCORE = "risk_score";
    static final String TAGS = "tags";

    StoredRule {
        tags = List.copyOf(tags);
        tunedFields = Set.copyOf(tunedFields);
    }

    boolean builtin() {
        return origin == RuleOrigin.BUILTIN;
    }

    /** A new rule from a parsed source, revision 1. */
    static StoredRule create(ElasticRule rule, String source, RuleOrigin origin, boolean enabled, String actor,
            Instant now) {
        return new StoredRule(rule.ruleId(), rule.name(), rule.description(), rule.severity(), rule.riskScore(),
                rule.tags(), Set.of(), rule.query(), rule.format(), source, Sha256.of(source), rule.body(),
                rule.metadata(), origin, false, enabled, 1, actor, actor, now, now);
    }

    /**
     * This rule with a new body. {@code keepTuning}: an upgrade from a shipped or directory file keeps what analysts
     * tuned; a replacement by an admin (PUT) starts from the new body.
     */
    StoredRule withBody(ElasticRule rule, String source, boolean keepTuning, boolean replacedByAdmin, boolean enabled,
            String actor, Instant now) {
        boolean keep = keepTuning;
        return new StoredRule(ruleId, rule.name(), rule.description(),
                keep && tunedFields.contains(SEVERITY) ? severity : rule.severity(),
                keep && tunedFields.contains(RISK_SCORE) ? riskScore : rule.riskScore(),
                keep && tunedFields.contains(TAGS) ? tags : rule.tags(),
                keep ? tunedFields : Set.of(), rule.query(), rule.format(), source, Sha256.of(source), rule.body(),
                rule.metadata(), origin, bodyReplaced || replacedByAdmin, enabled, revision + 1, createdBy, actor,
                createdAt, now);
    }

    StoredRule tuned(boolean enabled, String severity, int riskScore, List<String> tags, Set<String> tunedFields,
            String actor, Instant now) {
        return new StoredRule(ruleId, name, description, severity, riskScore, tags, tunedFields, query, format, source,
                sourceSha256, body, metadata, origin, bodyReplaced, enabled, revision + 1, createdBy, actor, createdAt,
                now);
    }
}
