package dev.tripline.alerts;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An alert as the API shows it. The list leaves out the heavy parts ({@code events}, {@code investigation_guide},
 * {@code status_history}: null here, so not written); {@code GET /api/v1/alerts/{id}} has them all.
 */
record AlertView(
        UUID id,
        String ruleId,
        String ruleName,
        int ruleRevision,
        String severity,
        int riskScore,
        String status,
        String statusReason,
        String assignee,
        List<String> tags,
        String reason,
        Host host,
        @Schema(types = "object", description = "{id, name} of the first event that names a user")
        JsonNode user,
        @Schema(types = "object", description = "{entity_id, pid, executable, name, command_line, parent} of the"
                + " process the sequence is about")
        JsonNode process,
        @Schema(types = "object", description = "{ip, port} of the first event with a destination")
        JsonNode destination,
        @ArraySchema(arraySchema = @Schema(description = "the join key values in the rule's by-field order"),
                schema = @Schema(types = {"string", "number", "boolean", "null"}))
        List<JsonNode> joinKeys,
        List<String> eventIds,
        @ArraySchema(arraySchema = @Schema(description = "the rule's MITRE ATT&CK mapping, Elastic's shape"),
                schema = @Schema(types = "object"))
        List<JsonNode> threat,
        List<String> ruleReferences,
        List<String> ruleTags,
        Instant firstEventAt,
        Instant lastEventAt,
        Instant detectedAt,
        Instant updatedAt,
        int version,
        String investigationGuide,
        @ArraySchema(arraySchema = @Schema(description = "the matched ECS documents in sequence order"),
                schema = @Schema(types = "object"))
        List<JsonNode> events,
        List<StatusChangeView> statusHistory) {

    record Host(String id, String name) {
    }

    AlertView withStatusHistory(List<StatusChangeView> history) {
        return new AlertView(id, ruleId, ruleName, ruleRevision, severity, riskScore, status, statusReason, assignee,
                tags, reason, host, user, process, destination, joinKeys, eventIds, threat, ruleReferences, ruleTags,
                firstEventAt, lastEventAt, detectedAt, updatedAt, version, investigationGuide, events, history);
    }

    /** The strong validator of this alert's representation: every change bumps the version. */
    String etag() {
        return EntityTags.of(version);
    }
}
