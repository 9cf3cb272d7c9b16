package dev.tripline.alerts;

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
        JsonNode user,
        JsonNode process,
        JsonNode destination,
        JsonNode joinKeys,
        List<String> eventIds,
        JsonNode threat,
        List<String> ruleReferences,
        List<String> ruleTags,
        Instant firstEventAt,
        Instant lastEventAt,
        Instant detectedAt,
        Instant updatedAt,
        int version,
        String investigationGuide,
        JsonNode events,
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
