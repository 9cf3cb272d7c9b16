package dev.tripline.rules;

/**
 * One entry that kept an event out of a rule.
 *
 * @param source what kind of entry (for example {@code exception} or {@code allowlist})
 * @param entryId the entry's id
 * @param description what the entry matches, in words
 */
public record RuleSuppression(String source, String entryId, String description) {
}
