package dev.tripline.engine;

import static dev.tripline.engine.TestEvents.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.event.Event;
import dev.tripline.event.EventDecoder;
import dev.tripline.event.FieldPath;
import dev.tripline.event.FieldRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HostClocksTest {

    private static final FieldPath HOST = FieldPath.of("host.id");

    @Test
    void eachHostHasOneClockThatLaterEventsOfItFind() {
        HostClocks clocks = new HostClocks(HOST, 1_000_000);
        List<HostClocks.Clock> seen = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(clocks.of(event("host-" + i)));
        }

        assertThat(clocks.size()).isEqualTo(100_000);
        Set<HostClocks.Clock> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(seen);
        assertThat(distinct).hasSize(100_000);
        for (int i = 0; i < 100_000; i += 997) {
            assertThat(clocks.of(event("host-" + i))).isSameAs(seen.get(i));
            assertThat(clocks.known(event("host-" + i))).isSameAs(seen.get(i));
        }
        assertThat(clocks.known(event("never-seen"))).isNull();
    }

    @Test
    void anEventTheDecoderFingerprintedFindsTheClockOfItsHostsTreeEvents() {
        FieldRegistry fields = FieldRegistry.withDefaults();
        fields.partitionBy(HOST);
        EventDecoder decoder = new EventDecoder(fields, JsonMapper.builder().build(), Event.DEFAULT_TIMESTAMP);
        HostClocks clocks = new HostClocks(HOST, 1_000_000);
        for (int i = 0; i < 1_000; i++) {
            HostClocks.Clock tree = clocks.of(event("host-" + i));
            byte[] body = ("{\"@timestamp\": 1, \"host\": {\"id\": \"host-" + i + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            Event compact = decoder.session().decodeBytes(body, 0, body.length, 0);

            assertThat(compact.isPartitionedBy(HOST)).isTrue();
            assertThat(clocks.of(compact)).isSameAs(tree);
        }
        assertThat(clocks.size()).isEqualTo(1_000);
    }

    @Test
    void pastTheBoundTheHostsWithTheOldestClocksAreForgotten() {
        HostClocks clocks = new HostClocks(HOST, 1_000);
        for (int i = 0; i < 1_000; i++) {
            clocks.committed(clocks.of(event("host-" + i)), 1_000L + i);
        }
        assertThat(clocks.size()).isEqualTo(1_000);

        clocks.committed(clocks.of(event("one-more")), 5_000L);

        assertThat(clocks.size()).isLessThanOrEqualTo(1_000).isGreaterThanOrEqualTo(900);
        assertThat(clocks.known(event("host-0"))).as("the oldest clock").isNull();
        assertThat(clocks.known(event("host-999")).committed()).isEqualTo(1_999L);
        assertThat(clocks.known(event("one-more")).committed()).isEqualTo(5_000L);
    }

    @Test
    void threadsAskingForTheSameHostsAtOnceGetTheSameClocks() throws Exception {
        HostClocks clocks = new HostClocks(HOST, 1_000_000);
        int threads = 4;
        int hosts = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<HostClocks.Clock[]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t * 5_000;
            results.add(pool.submit(() -> {
                start.await();
                HostClocks.Clock[] mine = new HostClocks.Clock[hosts];
                for (int k = 0; k < hosts; k++) {
                    int i = (k + offset) % hosts;
                    mine[i] = clocks.of(event("host-" + i));
                }
                return mine;
            }));
        }
        start.countDown();
        HostClocks.Clock[] first = results.get(0).get(60, TimeUnit.SECONDS);
        for (Future<HostClocks.Clock[]> result : results) {
            HostClocks.Clock[] other = result.get(60, TimeUnit.SECONDS);
            for (int i = 0; i < hosts; i++) {
                assertThat(other[i]).isSameAs(first[i]);
            }
        }
        pool.shutdown();
        assertThat(clocks.size()).isEqualTo(hosts);
    }

    private static Event event(String host) {
        return step("a", host, "p", 0);
    }
}
