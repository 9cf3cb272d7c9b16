package dev.tripline.alerts;

import dev.tripline.web.ApiException;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A {@code PATCH /api/v1/alerts/{id}} body, merge-patch style: a field that is absent stays as it is; a field that
 * is present sets it ({@code null} clears the assignee or the closing reason; {@code []} clears the tags).
 */
record TriagePatch(AlertStatus status, boolean setsStatusReason, StatusReason statusReason, boolean setsAssignee,
        String assignee, List<String> tags) {

    static final Set<String> FIELDS = Set.of("status", "status_reason", "assignee", "tags");

    static TriagePatch parse(JsonNode body) {
        InvalidRequest problems = new InvalidRequest();
        JsonNode object = TriageFields.object(body, FIELDS, problems);
        if (object == null) {
            problems.throwIfAny("The request body");
        }
        if (object.isEmpty()) {
            problems.add("(body)", "changes nothing: give at least one of assignee, status, status_reason, tags");
        }
        AlertStatus status = object.has("status") ? TriageFields.status(object.get("status"), "status", problems) : null;
        boolean setsReason = object.has("status_reason");
        StatusReason reason = setsReason ? TriageFields.statusReason(object.get("status_reason"), "status_reason", problems)
                : null;
        boolean setsAssignee = object.has("assignee");
        String assignee = setsAssignee ? TriageFields.assignee(object.get("assignee"), problems) : null;
        List<String> tags = object.has("tags") ? TriageFields.tags(object.get("tags"), problems) : null;
        problems.throwIfAny("The request body");
        return new TriagePatch(status, setsReason, reason, setsAssignee, assignee, tags);
    }

    /**
     * The state after this patch. Changing the status drops the old closing reason unless the patch gives one; a
     * closing reason on an alert that does not end up closed is refused (422), since it would describe nothing.
     */
    TriageState applyTo(TriageState current) {
        AlertStatus nextStatus = status != null ? status : current.status();
        StatusReason nextReason;
        if (setsStatusReason) {
            nextReason = statusReason;
        } else if (nextStatus != current.status()) {
            nextReason = null;
        } else {
            nextReason = current.statusReason();
        }
        if (nextReason != null && nextStatus != AlertStatus.CLOSED) {
            throw ApiException.unprocessable("status-reason-requires-closed", "Status reason requires a closed alert",
                    "status_reason is only given when closing an alert; this alert would be " + nextStatus.wireName());
        }
        return new TriageState(current.id(), nextStatus, nextReason, setsAssignee ? assignee : current.assignee(),
                tags != null ? List.copyOf(tags) : current.tags(), current.version());
    }
}
