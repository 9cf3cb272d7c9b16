package dev.tripline.rules;

import java.time.Instant;
import java.util.Optional;

/** What the ingest path asks of the rules module (the engine itself is the {@code DetectionEngine} bean). */
public interface Rules {

    /**
     * The rule's current metadata, to build the alerts it raises; empty when no such rule is stored. Served from
     * memory for enabled rules, so it is cheap per alert.
     */
    Optional<RuleMetadata> metadata(String ruleId);

    /** Records that alerts of the rule were committed, for {@code GET /api/v1/rules/_status}'s last alert time. */
    void alertsRaised(String ruleId, Instant detectedAt);

    /**
     * Re-installs the rule with a fresh exclusion from the {@link RuleExclusionSource}s, after its exceptions or
     * allowlist entries changed. Its partial matches are dropped (and counted), as for any change of the rule.
     */
    void refreshExclusions(String ruleId);
}
