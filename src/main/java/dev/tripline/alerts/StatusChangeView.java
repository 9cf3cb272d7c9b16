package dev.tripline.alerts;

import java.time.Instant;

/** One recorded status change: who (the API key's name), when, from what, to what and why. */
record StatusChangeView(String fromStatus, String toStatus, String statusReason, String changedBy, Instant changedAt) {
}
