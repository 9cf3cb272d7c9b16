package dev.tripline.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits and knobs of {@code POST /api/v1/events} (body size caps are {@code tripline.http.*}, shared by every
 * endpoint).
 *
 * @param maxEvents events per batch; more is a 413
 * @param maxNestingDepth JSON nesting depth of a body
 * @param maxStringLength longest JSON string (a field value or name) in a body
 * @param maxConcurrentBatches batches decoded and evaluated at once; more wait up to {@code queueTimeout}, then 503
 * @param queueTimeout how long a batch waits for its turn, and for the earlier batches whose uncommitted partial
 *     matches it continues to commit (then 503)
 * @param retryAfter the {@code Retry-After} of a 503
 * @param idempotencyRetention how long an {@code Idempotency-Key}'s answer is kept
 * @param maxFutureSkew how far ahead of the server clock an event's {@code @timestamp} may be; later ones are
 *     rejected (0 turns the check off)
 * @param recentEventKeys how many recently committed event keys are remembered to report re-sent events as
 *     duplicates (beyond it, a re-sent event is evaluated again, which raises no second alert); 16 bytes each, taken
 *     at start
 */
@ConfigurationProperties("tripline.ingest")
record IngestProperties(
        @DefaultValue("10000") int maxEvents,
        @DefaultValue("64") int maxNestingDepth,
        @DefaultValue("1000000") int maxStringLength,
        @DefaultValue("8") int maxConcurrentBatches,
        @DefaultValue("5s") Duration queueTimeout,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("24h") Duration idempotencyRetention,
        @DefaultValue("5m") Duration maxFutureSkew,
        @DefaultValue("1000000") long recentEventKeys) {

    IngestProperties {
        require(maxEvents > 0, "tripline.ingest.max-events must be positive, was %s", maxEvents);
        require(maxNestingDepth > 1, "tripline.ingest.max-nesting-depth must be at least 2, was %s", maxNestingDepth);
        require(maxStringLength > 0, "tripline.ingest.max-string-length must be positive, was %s", maxStringLength);
        require(maxConcurrentBatches > 0, "tripline.ingest.max-concurrent-batches must be positive, was %s",
                maxConcurrentBatches);
        require(recentEventKeys >= 0 && recentEventKeys <= 1L << 27,
                "tripline.ingest.recent-event-keys must be between 0 and 134217728, was %s", recentEventKeys);
    }

    private static void require(boolean condition, String message, Object value) {
        if (!condition) {
            throw new IllegalArgumentException(message.formatted(value));
        }
    }
}
