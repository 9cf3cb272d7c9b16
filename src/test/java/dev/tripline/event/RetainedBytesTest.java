package dev.tripline.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

class RetainedBytesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A JSON array of events of about 120 bytes each ({@code padding} lengthens their process name). */
    private static byte[] body(int count, String padding) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("{\"@timestamp\":\"2026-12-06T10:00:")
                    .append(String.format("%02d", i % 60)).append("Z\",\"event\":{\"id\":\"e-").append(i)
                    .append("\"},\"host\":{\"id\":\"h-").append(i % 3)
                    .append("\"},\"process\":{\"name\":\"").append(padding).append(i).append("\"}}");
        }
        return body.append("]").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The events of {@link #body}, decoded as ingest decodes them (slices of the body, host fingerprinted). */
    private static List<Event> decode(byte[] body) {
        FieldRegistry fields = FieldRegistry.withDefaults();
        fields.partitionBy(FieldPath.of("host.id"));
        EventDecoder.Session session = new EventDecoder(fields, JSON, Event.DEFAULT_TIMESTAMP).session();
        List<Event> events = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(body)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                events.add(session.decode(parser, body, 0));
            }
        }
        return events;
    }

    private static List<Event> decode(int count, String padding) {
        return decode(body(count, padding));
    }

    private static String document(Event event) {
        return event.document().toString();
    }

    /** The copy is the same event: {@code document} read from its own bytes, the original's key, time and host. */
    private static void assertSameEvent(Event copy, Event original, String document) {
        assertThat(document(copy)).as("the copy's own bytes").isEqualTo(document);
        assertThat(copy.key()).isEqualTo(original.key());
        assertThat(copy.timestampNanos()).isEqualTo(original.timestampNanos());
        assertThat(copy.partitionFirst()).isEqualTo(original.partitionFirst());
        assertThat(copy.partitionSecond()).isEqualTo(original.partitionSecond());
    }

    @Test
    void copiesReadTheirEventsDocumentKeyTimeAndHostAndShareASlab() {
        byte[] body = body(5, "bash-");
        List<Event> events = decode(body);
        List<String> documents = events.stream().map(RetainedBytesTest::document).toList();
        RetainedBytes retained = new RetainedBytes(4096, 64);

        List<Event> copies = events.stream().map(retained::retain).toList();
        java.util.Arrays.fill(body, (byte) ' ');

        for (int i = 0; i < copies.size(); i++) {
            Event copy = copies.get(i);
            assertSameEvent(copy, events.get(i), documents.get(i));
            assertThat(copy.key()).isEqualTo("e-" + i);
            assertThat(copy.retention()).as("all in the first slab").isEqualTo(1);
            assertThat(retained.retain(copy)).as("a copy is kept as it is").isSameAs(copy);
        }
        assertThat(retained.slabs()).isEqualTo(1);
    }

    @Test
    void aFullSlabStartsTheNextAndAnEventLongerThanAnEighthOfASlabGetsItsOwnBytes() {
        List<Event> events = decode(40, "x");
        RetainedBytes retained = new RetainedBytes(1024, 64);

        List<Event> copies = events.stream().map(retained::retain).toList();

        assertThat(retained.slabs()).as("40 events of ~100 bytes in 1 KB slabs").isGreaterThanOrEqualTo(4);
        assertThat(copies.get(39).retention()).isEqualTo(retained.slabs());
        for (int i = 0; i < copies.size(); i++) {
            assertSameEvent(copies.get(i), events.get(i), document(events.get(i)));
        }
        Event longOne = decode(1, "y".repeat(200)).get(0);
        Event own = retained.retain(longOne);
        assertThat(own.retention()).isEqualTo(Event.OWN_BYTES);
        assertSameEvent(own, longOne, document(longOne));
    }

    @Test
    void aSweepMovesOnlyEventsInSlabsFilledBeforeThePreviousSweepBegan() {
        List<Event> events = decode(60, "x");
        RetainedBytes retained = new RetainedBytes(1024, 64);
        Event first = retained.retain(events.get(0));

        retained.sweepStarting();
        assertThat(retained.keep(first)).as("its slab was still being filled").isSameAs(first);
        events.subList(1, 30).forEach(retained::retain);
        retained.sweepStarting();
        assertThat(retained.keep(first)).as("still being filled when the previous sweep began").isSameAs(first);
        events.subList(30, 60).forEach(retained::retain);
        Event recent = retained.retain(decode(1, "z").get(0));
        retained.sweepStarting();

        Event moved = retained.keep(first);
        assertThat(moved).isNotSameAs(first);
        assertThat(moved.retention()).isEqualTo(Event.OWN_BYTES);
        assertSameEvent(moved, first, document(first));
        assertThat(retained.keep(moved)).isSameAs(moved);
        assertThat(retained.keep(recent)).as("written after the previous sweep began").isSameAs(recent);
        assertThat(retained.moved()).isEqualTo(1);
    }

    @Test
    void eventsOfASlabTheLastSweepFoundAtLeastHalfLiveStayWhereTheyAre() {
        List<Event> events = decode(60, "x");
        RetainedBytes retained = new RetainedBytes(1024, 64);
        List<Event> firstSlab = new ArrayList<>();
        for (Event event : events) {
            Event copy = retained.retain(event);
            if (copy.retention() == 1) {
                firstSlab.add(copy);
            }
        }
        for (int sweep = 0; sweep < 3; sweep++) {
            retained.sweepStarting();
            firstSlab.forEach(retained::keep);
        }
        assertThat(retained.moved()).as("the whole first slab is live").isZero();

        retained.sweepStarting();
        Event last = firstSlab.get(firstSlab.size() - 1);
        retained.keep(last);
        retained.sweepStarting();

        assertThat(retained.keep(last)).as("the only one left of its slab").isNotSameAs(last);
        assertThat(retained.moved()).isEqualTo(1);
    }

    @Test
    void asksForASweepAfterTheConfiguredNumberOfNewSlabs() {
        List<Event> events = decode(60, "x");
        RetainedBytes retained = new RetainedBytes(1024, 3);

        int i = 0;
        while (retained.slabs() < 4) {
            assertThat(retained.sweepWanted()).isFalse();
            retained.retain(events.get(i++));
        }
        assertThat(retained.sweepWanted()).isTrue();
        retained.sweepStarting();
        assertThat(retained.sweepWanted()).isFalse();
    }

    @Test
    void threadsRetainingAtOnceEachGetTheirOwnBytes() throws Exception {
        List<Event> events = decode(2000, "p");
        List<String> documents = events.stream().map(RetainedBytesTest::document).toList();
        RetainedBytes retained = new RetainedBytes(8192, 64);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Event>>> parts = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int from = t * 500;
                parts.add(threads.submit(
                        () -> events.subList(from, from + 500).stream().map(retained::retain).toList()));
            }
            for (int t = 0; t < 4; t++) {
                List<Event> copies = parts.get(t).get();
                for (int i = 0; i < copies.size(); i++) {
                    assertThat(document(copies.get(i))).isEqualTo(documents.get(t * 500 + i));
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
