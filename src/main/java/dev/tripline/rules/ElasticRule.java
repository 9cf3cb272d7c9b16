package dev.tripline.rules;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Elastic detection rule as parsed from its TOML file or Kibana JSON object, checked and normalised: what
 * Tripline needs is lifted into typed fields; everything else the author wrote stays in {@link #body()}.
 *
 * @param format the format it was written in
 * @param ruleId the stable id ({@code rule_id})
 * @param name display name
 * @param description what the rule detects
 * @param query the EQL query
 * @param severity low, medium, high or critical
 * @param riskScore 0 to 100
 * @param tags the author's tags
 * @param references links
 * @param threat the MITRE ATT&CK mapping, an array in Elastic's shape
 * @param note the investigation guide (markdown), or null
 * @param eventCategoryField the field that holds the event category ({@code event_category_override}), or null
 *     for {@code event.category}
 * @param enabled the JSON object's {@code enabled}, or null when it does not say (TOML never does)
 * @param metadata the TOML file's {@code [metadata]} table (empty for JSON)
 * @param body the rule object in Kibana's snake_case shape: the TOML {@code [rule]} table, or the JSON object
 */
record ElasticRule(RuleFormat format, String ruleId, String name, String description, String query, String severity,
        int riskScore, List<String> tags, List<String> references, JsonNode threat, String note,
        String eventCategoryField, Boolean enabled, ObjectNode metadata, ObjectNode body) {

    ElasticRule {
        tags = List.copyOf(tags);
        references = List.copyOf(references);
    }
}
