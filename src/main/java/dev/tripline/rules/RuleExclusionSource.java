package dev.tripline.rules;

import dev.tripline.eql.EventPredicate;
import dev.tripline.event.Event;
import java.util.List;

/**
 * A source of events a rule must ignore: rule exceptions and allowlist entries implement it as beans. The rules
 * module ORs the predicates of every source into the rule's exclusion when it installs the rule, so an excluded
 * event takes part in no stage (Elastic's semantics). When a source's entries change, it calls
 * {@link Rules#refreshExclusions(String)}.
 */
public interface RuleExclusionSource {

    /** The events of this source that the rule must ignore, or {@code null} when it excludes nothing for the rule. */
    EventPredicate exclusionFor(String ruleId);

    /** Which of this source's entries exclude the event for the rule, for previews; empty when none does. */
    List<RuleSuppression> explain(String ruleId, Event event);
}
