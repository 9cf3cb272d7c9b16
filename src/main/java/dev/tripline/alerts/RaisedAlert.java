package dev.tripline.alerts;

import java.util.UUID;

/** An alert that a {@link Alerts#raise} call stored for the first time; the ingest response lists these. */
public record RaisedAlert(UUID id, String ruleId, String ruleName, String severity) {
}
