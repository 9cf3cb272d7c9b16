package dev.tripline.ingest;

import dev.tripline.event.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Refuses events dated further ahead of the server clock than a small skew. Event time per host only moves
 * forward: one event from a broken (or hostile) agent dated hours ahead would make every genuine event of that host
 * "late" for those hours, blinding detection there. Such events are rejected by index, visibly, instead.
 */
final class FutureTimestampGuard {

    private final Clock clock;
    private final long maxSkewNanos;

    FutureTimestampGuard(Clock clock, Duration maxSkew) {
        this.clock = clock;
        this.maxSkewNanos = maxSkew.isZero() || maxSkew.isNegative() ? Long.MAX_VALUE : maxSkew.toNanos();
    }

    DecodedBatch apply(DecodedBatch batch) {
        if (maxSkewNanos == Long.MAX_VALUE) {
            return batch;
        }
        long limit = Timestamps.fromInstant(clock.instant()) + maxSkewNanos;
        List<DecodedBatch.IndexedEvent> kept = null;
        List<DecodedBatch.Rejection> rejected = null;
        List<DecodedBatch.IndexedEvent> events = batch.events();
        for (int i = 0; i < events.size(); i++) {
            DecodedBatch.IndexedEvent item = events.get(i);
            if (item.event().timestampNanos() <= limit) {
                if (kept != null) {
                    kept.add(item);
                }
                continue;
            }
            if (kept == null) {
                kept = new ArrayList<>(events.subList(0, i));
                rejected = new ArrayList<>(batch.rejected());
            }
            rejected.add(new DecodedBatch.Rejection(item.index(), "@timestamp "
                    + Timestamps.toInstant(item.event().timestampNanos()) + " is more than "
                    + Duration.ofNanos(maxSkewNanos) + " ahead of the server clock"));
        }
        if (kept == null) {
            return batch;
        }
        rejected.sort(Comparator.comparingInt(DecodedBatch.Rejection::index));
        return new DecodedBatch(batch.received(), kept, rejected);
    }
}
