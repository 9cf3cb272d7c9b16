package dev.tripline.engine;

/**
 * What one rule has seen and done since it was first installed (a replacement keeps counting): every event it left
 * out is counted under its reason.
 *
 * @param ruleId the rule
 * @param revision the installed revision, or -1 once the rule was removed
 * @param eventsSeen accepted events of a category one of the rule's stages asks for
 * @param stageHits events that passed a stage condition (an event passing several stages counts once per stage)
 * @param matches matches emitted
 * @param pending partial matches pending now (and completed candidates waiting for a missing-event window)
 * @param expiredByMaxspan partial matches dropped because their maxspan passed
 * @param evicted partial matches evicted by the memory guard (store size or idle time)
 * @param lateDropped events that hit a stage of this rule but arrived beyond the allowed lateness
 * @param nullJoinKeys stage hits whose join key had a missing or null (non-optional) value
 * @param suppressedByExclusion stage hits that the rule's exceptions or allowlist suppressed
 * @param rejectedByMissingEvent completed candidates that a missing-event stage ({@code ![...]}) ruled out
 * @param superseded emitted matches that a late event showed sorted delivery would not have formed
 * @param droppedOnReplace partial matches dropped because the rule was replaced or removed
 */
public record RuleCounters(String ruleId, int revision, long eventsSeen, long stageHits, long matches, long pending,
        long expiredByMaxspan, long evicted, long lateDropped, long nullJoinKeys, long suppressedByExclusion,
        long rejectedByMissingEvent, long superseded, long droppedOnReplace) {
}
