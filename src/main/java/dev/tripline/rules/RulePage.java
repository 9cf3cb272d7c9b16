package dev.tripline.rules;

import java.util.List;

/** One page of {@code GET /api/v1/rules}. */
record RulePage(List<RuleView> data, int page, int perPage, long total) {
}
