package dev.tripline.engine;

import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.EventPredicate;
import java.util.Objects;

/**
 * A rule as the engine runs it.
 *
 * @param ruleId the rule's stable id; installing a spec with an id already installed replaces that rule
 * @param revision the rule's revision, carried into every {@link Match}
 * @param query the compiled query
 * @param exclusion events the rule must ignore (exceptions, allowlist entries): an event it accepts takes part in no
 *     stage of this rule, {@code until} and missing-event stages included
 */
public record RuleSpec(String ruleId, int revision, CompiledQuery query, EventPredicate exclusion) {

    private static final EventPredicate NONE = event -> false;

    public RuleSpec {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(query, "query");
        if (ruleId.isBlank()) {
            throw new IllegalArgumentException("rule id must not be blank");
        }
        exclusion = exclusion == null ? NONE : exclusion;
    }

    public RuleSpec(String ruleId, int revision, CompiledQuery query) {
        this(ruleId, revision, query, NONE);
    }

    /** An exclusion that excludes nothing. */
    public static EventPredicate noExclusion() {
        return NONE;
    }
}
