package dev.tripline.alerts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A {@code POST /api/v1/alerts/_status} body: {@code {ids: [...], status, status_reason?}}. */
record BulkStatusChange(List<UUID> ids, AlertStatus status, StatusReason statusReason) {

    static final int MAX_IDS = 1000;
    static final Set<String> FIELDS = Set.of("ids", "status", "status_reason");

    static BulkStatusChange parse(JsonNode body) {
        InvalidRequest problems = new InvalidRequest();
        JsonNode object = TriageFields.object(body, FIELDS, problems);
        if (object == null) {
            problems.throwIfAny("The request body");
        }
        List<UUID> ids = ids(object.get("ids"), problems);
        AlertStatus status = TriageFields.status(object.get("status"), "status", problems);
        StatusReason reason = TriageFields.statusReason(object.get("status_reason"), "status_reason", problems);
        if (reason != null && status != null && status != AlertStatus.CLOSED) {
            problems.add("status_reason", "is only given when closing alerts (status closed)");
        }
        problems.throwIfAny("The request body");
        return new BulkStatusChange(ids, status, reason);
    }

    private static List<UUID> ids(JsonNode value, InvalidRequest problems) {
        if (value == null || !value.isArray() || value.isEmpty()) {
            problems.add("ids", "must be a non-empty array of alert ids");
            return List.of();
        }
        if (value.size() > MAX_IDS) {
            problems.add("ids", "takes at most " + MAX_IDS + " ids, got " + value.size());
            return List.of();
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode id = value.get(i);
            UUID parsed = id.isString() ? AlertService.parseId(id.stringValue()).orElse(null) : null;
            if (parsed == null) {
                problems.add("ids[" + i + "]", "is not an alert id (a UUID)");
            } else {
                ids.add(parsed);
            }
        }
        return new ArrayList<>(ids);
    }
}
