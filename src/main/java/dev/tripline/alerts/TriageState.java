package dev.tripline.alerts;

import java.util.List;
import java.util.UUID;

/** The part of an alert that analysts change, with the version the change is checked against. */
record TriageState(UUID id, AlertStatus status, StatusReason statusReason, String assignee, List<String> tags,
        int version) {
}
