package dev.tripline.alerts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A completed match, as the engine reports it.
 *
 * @param id deterministic from the rule and the ordered event keys: the same events always give the same id
 * @param rule the rule as it was when it matched
 * @param joinKeys the join key values in the order of the rule's {@code by} fields (strings, numbers or null)
 * @param events the matched events in sequence order
 */
public record NewAlert(UUID id, RuleSnapshot rule, List<Object> joinKeys, List<AlertEvent> events) {

    public NewAlert {
        Objects.requireNonNull(id, "alert id");
        Objects.requireNonNull(rule, "rule");
        // join key values may be null (optional join fields), which List.copyOf would reject
        joinKeys = joinKeys == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(joinKeys));
        Objects.requireNonNull(events, "events");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("alert " + id + " has no events");
        }
        events = List.copyOf(events);
    }
}
