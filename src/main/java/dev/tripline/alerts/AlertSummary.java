package dev.tripline.alerts;

import java.util.List;
import java.util.Map;

/** Counts for dashboard tiles: every status and severity (zeros included), the busiest rules and hosts. */
record AlertSummary(long total, Map<String, Long> byStatus, Map<String, Long> bySeverity, List<RuleCount> byRule,
        List<HostCount> byHost) {

    record RuleCount(String ruleId, String ruleName, long count) {
    }

    record HostCount(String hostId, String hostName, long count) {
    }
}
