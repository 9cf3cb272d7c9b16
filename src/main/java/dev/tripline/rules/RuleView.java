package dev.tripline.rules;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A rule as the API shows it. The list leaves out the heavy fields ({@code note}, {@code source}), which are then
 * null and omitted from the JSON.
 */
record RuleView(String ruleId, String name, String description, String type, String language, String severity,
        int riskScore, List<String> tags, boolean enabled, boolean builtin, String origin, int revision,
        boolean installed, String query, JsonNode threat, List<String> references, String note,
        List<String> tunedFields, String sourceFormat, String source, JsonNode metadata, String createdBy,
        String updatedBy, Instant createdAt, Instant updatedAt) {

    static RuleView of(StoredRule rule, boolean installed, boolean detail) {
        RuleMetadata meta = RuleRuntime.metadata(rule);
        return new RuleView(rule.ruleId(), rule.name(), rule.description(), "eql", "eql", rule.severity(),
                rule.riskScore(), rule.tags(), rule.enabled(), rule.builtin(), rule.origin().wireName(),
                rule.revision(), installed, rule.query(), meta.threat(), meta.references(),
                detail ? meta.note() : null, rule.tunedFields().stream().sorted().toList(),
                rule.format().wireName(), detail ? rule.source() : null, rule.metadata(), rule.createdBy(),
                rule.updatedBy(), rule.createdAt(), rule.updatedAt());
    }
}
