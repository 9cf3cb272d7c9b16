package dev.tripline.alerts;

import java.util.List;

/**
 * One page of the alert list. {@code next_cursor} continues after the last alert of this page; in ascending order
 * (the default, the poller's feed) it is given on every non-empty page, because new alerts may arrive behind it.
 */
record AlertPage(List<AlertView> data, String nextCursor) {
}
