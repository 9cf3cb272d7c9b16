package dev.tripline.engine;

import static dev.tripline.engine.TestEvents.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.event.Event;
import dev.tripline.event.EventDecoder;
import dev.tripline.event.FieldPath;
import dev.tripline.event.FieldRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HostClocksTest {

    private static final FieldPath HOST = FieldPath.of("host.id");

    private static final long MS = 1_000_000L;

    @Test
    void eachHostKeepsItsOwnClockWhichOnlyMovesForward() {
        HostClocks clocks = new HostClocks(HOST, 1_000_000);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            events.add(event("host-" + i, i + 1));
        }
        commitInBatches(clocks, events);

        assertThat(clocks.size()).isEqualTo(100_000);
        for (int i = 0; i < 100_000; i += 997) {
            assertThat(clocks.committedOf(event("host-" + i, 0))).isEqualTo((i + 1) * MS);
            assertThat(clocks.committed(clocks.hostOf(event("host-" + i, 0)))).isEqualTo((i + 1) * MS);
        }
        clocks.commit(event("host-5", 2));
        assertThat(clocks.committedOf(event("host-5", 0))).as("an older time does not move it back").isEqualTo(6 * MS);
        clocks.commit(event("host-5", 9));
        assertThat(clocks.committedOf(event("host-5", 0))).isEqualTo(9 * MS);
        assertThat(clocks.committedOf(event("never-seen", 0))).isEqualTo(HostClocks.NEVER);
        assertThat(clocks.size()).as("looking a host up does not add it").isEqualTo(100_000);
        assertThat(clocks.newest()).isEqualTo(100_000 * MS);
    }

    @Test
    void aBatchSkipsItsLateEventsAndAdvancesEachHostToItsNewest() {
        HostClocks clocks = new HostClocks(HOST, 1_000);
        List<Event> events = List.of(event("a", 5), event("b", 7), event("a", 3), event("c", 50), event("a", 6));
        boolean[] late = {false, false, false, true, false};

        commit(clocks, events, late);

        assertThat(clocks.committedOf(event("a", 0))).isEqualTo(6 * MS);
        assertThat(clocks.committedOf(event("b", 0))).isEqualTo(7 * MS);
        assertThat(clocks.committedOf(event("c", 0))).as("late: not committed").isEqualTo(HostClocks.NEVER);
        assertThat(clocks.newest()).isEqualTo(7 * MS);
        assertThat(clocks.size()).isEqualTo(2);
    }

    @Test
    void anEventTheDecoderFingerprintedFindsTheClockOfItsHostsTreeEvents() {
        FieldRegistry fields = FieldRegistry.withDefaults();
        fields.partitionBy(HOST);
        EventDecoder decoder = new EventDecoder(fields, JsonMapper.builder().build(), Event.DEFAULT_TIMESTAMP);
        HostClocks clocks = new HostClocks(HOST, 1_000_000);
        for (int i = 0; i < 1_000; i++) {
            clocks.commit(event("host-" + i, 10 + i));
            byte[] body = ("{\"@timestamp\": 1, \"host\": {\"id\": \"host-" + i + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            Event compact = decoder.session().decodeBytes(body, 0, body.length, 0);

            assertThat(compact.isPartitionedBy(HOST)).isTrue();
            assertThat(clocks.committedOf(compact)).isEqualTo((10 + i) * MS);
        }
        assertThat(clocks.size()).isEqualTo(1_000);
    }

    @Test
    void pastTheBoundTheHostsWithTheOldestClocksAreForgotten() {
        HostClocks clocks = new HostClocks(HOST, 1_000);
        for (int i = 0; i < 1_000; i++) {
            clocks.commit(event("host-" + i, 1_000 + i));
        }
        assertThat(clocks.size()).isEqualTo(1_000);

        clocks.commit(event("one-more", 5_000));

        assertThat(clocks.size()).isLessThanOrEqualTo(1_000).isGreaterThanOrEqualTo(900);
        assertThat(clocks.committedOf(event("host-0", 0))).as("the oldest clock").isEqualTo(HostClocks.NEVER);
        assertThat(clocks.committedOf(event("host-999", 0))).isEqualTo(1_999 * MS);
        assertThat(clocks.committedOf(event("one-more", 0))).isEqualTo(5_000 * MS);
    }

    @Test
    void trimmingHostsWhoseClocksAllShowTheSameTimeStillMakesRoom() {
        HostClocks clocks = new HostClocks(HOST, 1_000);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            events.add(event("host-" + i, 7));
        }
        commitInBatches(clocks, events);

        clocks.commit(event("one-more", 8));

        assertThat(clocks.size()).isLessThanOrEqualTo(1_000).isGreaterThanOrEqualTo(900);
        assertThat(clocks.committedOf(event("one-more", 0))).isEqualTo(8 * MS);
        int kept = 0;
        for (int i = 0; i < 1_000; i++) {
            long committed = clocks.committedOf(event("host-" + i, 0));
            assertThat(committed).isIn(HostClocks.NEVER, 7 * MS);
            kept += committed == 7 * MS ? 1 : 0;
        }
        assertThat(kept).isEqualTo(clocks.size() - 1);
    }

    @Test
    void batchesCommittingTheSameHostsAtOnceLeaveEachAtTheNewestTimeAnyCommitted() throws Exception {
        HostClocks clocks = new HostClocks(HOST, 1_000_000);
        int threads = 4;
        int hosts = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        List<Future<?>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t * 5_000;
            int time = 100 + t;
            results.add(pool.submit(() -> {
                start.await();
                List<Event> mine = new ArrayList<>();
                for (int k = 0; k < hosts; k++) {
                    mine.add(event("host-" + (k + offset) % hosts, time));
                }
                commitInBatches(clocks, mine);
                return null;
            }));
        }
        // a reader meanwhile: a clock it has seen at a time never goes back
        Future<long[]> reader = pool.submit(() -> {
            start.await();
            long[] last = new long[hosts];
            java.util.Arrays.fill(last, HostClocks.NEVER);
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < hosts; i += 7) {
                    long committed = clocks.committedOf(event("host-" + i, 0));
                    if (committed < last[i]) {
                        throw new AssertionError("host-" + i + " went back from " + last[i] + " to " + committed);
                    }
                    last[i] = committed;
                }
            }
            return last;
        });
        start.countDown();
        for (Future<?> result : results) {
            result.get(60, TimeUnit.SECONDS);
        }
        reader.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(clocks.size()).isEqualTo(hosts);
        for (int i = 0; i < hosts; i++) {
            assertThat(clocks.committedOf(event("host-" + i, 0))).isEqualTo((100 + threads - 1) * MS);
        }
    }

    private static void commitInBatches(HostClocks clocks, List<Event> events) {
        for (int from = 0; from < events.size(); from += 1_000) {
            List<Event> batch = events.subList(from, Math.min(events.size(), from + 1_000));
            commit(clocks, batch, new boolean[batch.size()]);
        }
    }

    /** A batch's commit as the engine makes it: each event's lane and time, by arrival index. */
    private static void commit(HostClocks clocks, List<Event> events, boolean[] late) {
        long[] lanes = new long[events.size()];
        long[] times = new long[events.size()];
        for (int i = 0; i < events.size(); i++) {
            lanes[i] = clocks.laneOf(events.get(i));
            times[i] = events.get(i).timestampNanos();
        }
        clocks.commit(lanes, times, late, events.size());
    }

    private static Event event(String host, long millis) {
        return step("a", host, "p", millis);
    }
}
