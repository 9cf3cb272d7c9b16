package dev.tripline.alerts;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Why an alert was closed (Elastic's closing reasons); only a closed alert has one. */
enum StatusReason {
    FALSE_POSITIVE,
    TRUE_POSITIVE,
    BENIGN_POSITIVE,
    DUPLICATE,
    OTHER;

    static final String CHOICES = Arrays.stream(values()).map(StatusReason::wireName).collect(Collectors.joining(", "));

    String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Optional<StatusReason> fromWire(String value) {
        for (StatusReason reason : values()) {
            if (reason.wireName().equals(value)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
