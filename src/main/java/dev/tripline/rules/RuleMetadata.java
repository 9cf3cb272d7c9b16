package dev.tripline.rules;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What an alert needs to know about the rule that raised it, as the rule is now.
 *
 * @param ruleId the stable id ({@code rule_id})
 * @param name display name
 * @param revision the current revision (from 1, +1 on every change)
 * @param severity low, medium, high or critical
 * @param riskScore 0 to 100
 * @param threat the MITRE ATT&CK mapping, an array in Elastic's shape
 * @param note the investigation guide (markdown), or null
 * @param references links the rule's authors give
 * @param tags the rule's tags
 * @param description what the rule detects
 * @param enabled whether the engine runs it
 * @param builtin whether it ships with Tripline
 */
public record RuleMetadata(String ruleId, String name, int revision, String severity, int riskScore, JsonNode threat,
        String note, List<String> references, List<String> tags, String description, boolean enabled,
        boolean builtin) {

    public RuleMetadata {
        references = List.copyOf(references);
        tags = List.copyOf(tags);
    }
}
