package dev.tripline.rules;

/** What {@code GET /api/v1/rules} asks for: optional filters and a page (from 1). */
record RuleFilter(Boolean enabled, String severity, String tag, String text, int page, int perPage) {
}
