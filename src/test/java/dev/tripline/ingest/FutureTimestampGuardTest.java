package dev.tripline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.event.Event;
import dev.tripline.event.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FutureTimestampGuardTest {

    private static final Instant NOW = Instant.parse("2026-11-28T08:00:00Z");
    private final FutureTimestampGuard guard =
            new FutureTimestampGuard(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

    @Test
    void rejectsEventsDatedBeyondTheSkewAndKeepsTheRestInOrder() {
        DecodedBatch batch = new DecodedBatch(4, List.of(
                event(0, NOW.minusSeconds(60)),
                event(2, NOW.plus(Duration.ofMinutes(5))),
                event(3, NOW.plus(Duration.ofDays(400)))),
                List.of(new DecodedBatch.Rejection(1, "missing @timestamp")));

        DecodedBatch guarded = guard.apply(batch);

        assertThat(guarded.events()).extracting(DecodedBatch.IndexedEvent::index).containsExactly(0, 2);
        assertThat(guarded.rejected()).extracting(DecodedBatch.Rejection::index).containsExactly(1, 3);
        assertThat(guarded.rejected().get(1).reason())
                .isEqualTo("@timestamp 2028-01-02T08:00:00Z is more than PT5M ahead of the server clock");
        assertThat(guarded.received()).isEqualTo(4);
    }

    @Test
    void leavesABatchWithoutFutureEventsAsItIs() {
        DecodedBatch batch = new DecodedBatch(1, List.of(event(0, NOW)), List.of());

        assertThat(guard.apply(batch)).isSameAs(batch);
    }

    @Test
    void zeroSkewTurnsTheCheckOff() {
        FutureTimestampGuard off = new FutureTimestampGuard(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO);
        DecodedBatch batch = new DecodedBatch(1, List.of(event(0, NOW.plus(Duration.ofDays(1)))), List.of());

        assertThat(off.apply(batch).events()).hasSize(1);
    }

    private static DecodedBatch.IndexedEvent event(int index, Instant at) {
        return new DecodedBatch.IndexedEvent(index,
                Event.of(JsonMapper.builder().build().createObjectNode(), Timestamps.fromInstant(at)));
    }
}
