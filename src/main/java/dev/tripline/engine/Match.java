package dev.tripline.engine;

import dev.tripline.event.Event;
import java.util.List;

/**
 * A completed sequence (or sample, or a single event for an event query) of one rule.
 *
 * @param id deterministic from the rule id and the ordered event keys (see {@link MatchIds}): the same events always
 *     give the same id, so storing it as a primary key makes a replay harmless
 * @param ruleId the rule that matched
 * @param ruleRevision the revision of the rule that matched
 * @param joinKeyValues the join key values in {@code by} order: {@code String}, {@code Long}, {@code Double},
 *     {@code Boolean}, a {@code List} of those for a multi-valued field, or {@code null} for a missing optional field
 * @param events the matched events in stage order (missing-event stages have no event and are left out)
 */
public record Match(String id, String ruleId, int ruleRevision, List<Object> joinKeyValues, List<Event> events) {

    public Match {
        joinKeyValues = joinKeyValues == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(joinKeyValues));
        events = List.copyOf(events);
    }

    public long firstEventNanos() {
        return events.get(0).timestampNanos();
    }

    public long lastEventNanos() {
        return events.get(events.size() - 1).timestampNanos();
    }
}
