package dev.tripline.ingest;

import java.util.List;

/**
 * The answer to a batch. Every item of the body is counted in exactly one of {@code accepted}, {@code rejected},
 * {@code duplicates} and {@code late}.
 *
 * @param received items in the body
 * @param accepted valid events that were evaluated
 * @param rejected invalid items, by index, with the reason
 * @param duplicates valid events already received (same {@code event.id}, or same content when there is none)
 * @param late valid events beyond the allowed lateness behind their host's newest event: not evaluated
 * @param alerts the alerts this batch raised (an alert raised before, by the same events, is not repeated)
 */
record IngestResponse(int received, int accepted, List<Rejected> rejected, int duplicates, int late,
        List<RaisedAlertView> alerts) {

    record Rejected(int index, String reason) {
    }

    record RaisedAlertView(String id, String ruleId, String ruleName, String severity) {
    }
}
