package dev.tripline.alerts;

import java.util.List;
import java.util.UUID;

/** What a bulk status change did to each id, in the order asked, and the totals. */
record BulkStatusResult(int updated, int unchanged, int notFound, List<Item> results) {

    /** {@code result} is updated, unchanged (already in that status with that reason) or not_found. */
    record Item(UUID id, String result, Integer version) {
    }
}
