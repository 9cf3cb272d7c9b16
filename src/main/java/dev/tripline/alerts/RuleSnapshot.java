package dev.tripline.alerts;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The rule's metadata at the moment it matched; an alert keeps it, so that editing or deleting the rule later does
 * not rewrite alerts already raised.
 *
 * @param ruleId the rule's stable id ({@code rule_id} in Elastic's format)
 * @param name its display name
 * @param revision its revision when it matched
 * @param severity low, medium, high or critical
 * @param riskScore 0 to 100
 * @param threat the MITRE ATT&CK mapping in Elastic's shape (an array of {@code {framework, tactic, technique}})
 * @param note the investigation guide (markdown), or null
 * @param references links the rule's authors give
 * @param tags the rule's tags
 */
public record RuleSnapshot(String ruleId, String name, int revision, String severity, int riskScore, JsonNode threat,
        String note, List<String> references, List<String> tags) {

    private static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");

    public RuleSnapshot {
        requireText(ruleId, "rule id");
        requireText(name, "rule name");
        if (revision < 0) {
            throw new IllegalArgumentException("rule revision must not be negative, was " + revision);
        }
        Objects.requireNonNull(severity, "severity");
        severity = severity.toLowerCase(Locale.ROOT);
        if (!SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException("severity must be one of low, medium, high, critical, was " + severity);
        }
        if (riskScore < 0 || riskScore > 100) {
            throw new IllegalArgumentException("risk score must be between 0 and 100, was " + riskScore);
        }
        if (threat == null || threat.isNull() || threat.isMissingNode()) {
            threat = JsonNodeFactory.instance.arrayNode();
        }
        if (!threat.isArray()) {
            throw new IllegalArgumentException("threat must be a JSON array, was " + threat.getNodeType());
        }
        references = references == null ? List.of() : List.copyOf(references);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
