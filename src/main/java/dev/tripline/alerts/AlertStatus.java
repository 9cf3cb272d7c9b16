package dev.tripline.alerts;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where an alert stands in triage; the wire name is the lower-case constant name. */
enum AlertStatus {
    OPEN,
    ACKNOWLEDGED,
    CLOSED;

    static final String CHOICES = Arrays.stream(values()).map(AlertStatus::wireName).collect(Collectors.joining(", "));

    String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Optional<AlertStatus> fromWire(String value) {
        for (AlertStatus status : values()) {
            if (status.wireName().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
