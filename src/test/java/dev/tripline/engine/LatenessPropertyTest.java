package dev.tripline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.eql.CategoryMatcher;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.CompiledStage;
import dev.tripline.eql.JoinKeyField;
import dev.tripline.eql.QueryKind;
import dev.tripline.event.CompactEvents;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import dev.tripline.event.FieldRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.RepeatedTest;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event-time promise, checked on random streams: any stream, cut into batches and shuffled within the allowed
 * lateness, gives exactly the matches of the sorted stream, once superseded matches are taken out; every sorted match
 * is emitted; and when no key ever had competing candidates, nothing is superseded.
 *
 * <p>Each repetition uses seed {@code BASE + repetition}; the seed is in every failure message. Replay one with
 * {@code -Dtripline.engine.seed=N}.
 */
class LatenessPropertyTest {

    private static final long BASE_SEED = 0x7219_11E5L;
    private static final long LATENESS_MS = 40;

    @RepeatedTest(300)
    void shuffledDeliveryWithinLatenessGivesTheMatchesOfSortedDelivery(RepetitionInfo repetition) {
        check(repetition, false);
    }

    /** The same property on compact events, partial matches keeping retained copies as the service's engine does. */
    @RepeatedTest(150)
    void shuffledCompactEventsWithinLatenessGiveTheMatchesOfSortedDelivery(RepetitionInfo repetition) {
        check(repetition, true);
    }

    private static void check(RepetitionInfo repetition, boolean compact) {
        long seed = Long.getLong("tripline.engine.seed", BASE_SEED + repetition.getCurrentRepetition());
        Random random = new Random(seed);
        boolean competing = random.nextInt(4) != 0;
        Scenario scenario = Scenario.random(random, competing);
        if (compact) {
            scenario = scenario.compact();
        }

        Map<String, Integer> emitted = new HashMap<>();
        Map<String, Integer> superseded = new HashMap<>();
        DetectionEngine engine = scenario.engine();
        int lateCount = 0;
        Delivery delivery = scenario.deliver(random);
        for (List<Event> batch : delivery.batches()) {
            try (EngineBatch result = engine.evaluate(batch)) {
                result.matches().forEach(m -> emitted.merge(m.id(), 1, Integer::sum));
                result.superseded().forEach(id -> superseded.merge(id, 1, Integer::sum));
                lateCount += result.lateEventIndexes().size();
                result.commit();
            }
        }
        Map<String, Integer> sorted = new HashMap<>();
        DetectionEngine reference = scenario.engine();
        try (EngineBatch result = reference.evaluate(delivery.sorted())) {
            result.matches().forEach(m -> sorted.merge(m.id(), 1, Integer::sum));
            result.commit();
        }

        String context = "seed " + seed + " (replay with -Dtripline.engine.seed=" + seed + "), "
                + (compact ? "compact events, " : "") + scenario;
        assertThat(lateCount).as(context + ": events beyond lateness").isZero();
        Map<String, Integer> net = new HashMap<>(emitted);
        superseded.forEach((id, n) -> net.merge(id, -n, Integer::sum));
        net.values().removeIf(n -> n == 0);
        assertThat(net).as(context + ": emitted minus superseded").isEqualTo(sorted);
        assertThat(emitted.keySet()).as(context + ": every sorted match emitted").containsAll(sorted.keySet());
        assertThat(delivery.shuffled()).as(context + ": the delivery is out of order").isTrue();
        if (!competing) {
            assertThat(superseded).as(context + ": nothing superseded without competing candidates").isEmpty();
        }
    }

    /**
     * How the stream arrives, and the arrival order stably sorted by event time (what sorted delivery evaluates).
     */
    record Delivery(List<List<Event>> batches, List<Event> sorted, boolean shuffled) {
    }

    /** A rule shape and a stream of events for a few hosts and keys. */
    record Scenario(int stages, int runsStage, int runs, boolean until, int missingStage, long maxspanMs,
            List<Event> events, FieldRegistry fields) {

        /** The same stream as compact events (their fields registered as the engine would). */
        Scenario compact() {
            FieldRegistry registry = CompactEvents.registry(query().fields());
            return new Scenario(stages, runsStage, runs, until, missingStage, maxspanMs,
                    CompactEvents.of(events, registry), registry);
        }

        static Scenario random(Random random, boolean competing) {
            int stages = 2 + random.nextInt(2);
            int runsStage = random.nextInt(stages);
            int runs = competing && random.nextInt(3) == 0 ? 2 : 1;
            boolean until = competing && random.nextBoolean();
            int missingStage = competing && stages == 3 && random.nextInt(3) == 0 ? 1 : -1;
            long maxspan = 15 + random.nextInt(60);
            List<Event> events = new ArrayList<>();
            int hosts = 1 + random.nextInt(3);
            int keys = 1 + random.nextInt(4);
            long time = 1_000;
            int count = competing ? 40 + random.nextInt(160) : 0;
            int serial = 0;
            if (competing) {
                for (int i = 0; i < count; i++) {
                    time += random.nextInt(4) == 0 ? 0 : random.nextInt(12);
                    int host = random.nextInt(hosts);
                    int key = random.nextInt(keys);
                    int hits = 1 << random.nextInt(stages);
                    if (random.nextInt(6) == 0) {
                        hits |= 1 << random.nextInt(stages);
                    }
                    boolean isUntil = until && random.nextInt(12) == 0;
                    events.add(event(serial++, time, host, key, isUntil ? 0 : hits, isUntil));
                }
            } else {
                // one event per stage and key, in random time order: nothing ever competes
                for (int host = 0; host < hosts; host++) {
                    for (int key = 0; key < keys; key++) {
                        long start = time + random.nextInt(200);
                        for (int s = 0; s < stages; s++) {
                            long at = start + random.nextInt((int) maxspan + 20);
                            events.add(event(serial++, at, host, key, 1 << s, false));
                        }
                    }
                }
                events.sort(Comparator.comparingLong(Event::timestampNanos));
            }
            return new Scenario(stages, runsStage, runs, until, missingStage, maxspan, events, null);
        }

        private static Event event(int serial, long millis, int host, int key, int hits, boolean until) {
            ObjectNode doc = TimelineSpec.JSON.createObjectNode();
            doc.put("@timestamp", millis);
            doc.putObject("event").put("category", "test").put("id", "e" + serial);
            doc.putObject("host").put("id", "h" + host);
            doc.put("key", "k" + key);
            doc.put("hits", hits);
            doc.put("until", until);
            return Event.from(doc);
        }

        CompiledQuery query() {
            List<JoinKeyField> keys = List.of(new JoinKeyField(FieldPath.of("host.id"), false),
                    new JoinKeyField(FieldPath.of("key"), false));
            List<CompiledStage> list = new ArrayList<>();
            for (int s = 0; s < stages; s++) {
                int bit = 1 << s;
                list.add(new CompiledStage(s, "test", e -> (e.document().get("hits").intValue() & bit) != 0, keys,
                        s == runsStage ? runs : 1, s == missingStage));
            }
            CompiledStage untilStage = until
                    ? new CompiledStage(-1, "test", e -> e.document().get("until").booleanValue(), keys, 1, false)
                    : null;
            return new CompiledQuery("property", QueryKind.SEQUENCE, CategoryMatcher.DEFAULT, list, untilStage,
                    maxspanMs * 1_000_000L, List.of());
        }

        DetectionEngine engine() {
            EngineSettings settings = EngineSettings.defaults()
                    .withAllowedLateness(Duration.ofMillis(LATENESS_MS)).withLockStripes(64);
            if (fields != null) {
                settings = settings.withFields(fields).withRetain(Event::retained);
            }
            DetectionEngine engine = new DetectionEngine(settings);
            engine.install(new RuleSpec("property-rule", 1, query()));
            return engine;
        }

        /** Each event is delayed by less than the lateness; the arrival order is cut into batches of 1 to 12. */
        Delivery deliver(Random random) {
            record Arrival(Event event, long at, int serial) {
            }
            List<Arrival> arrivals = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                long delay = random.nextInt(3) == 0 ? 0 : random.nextInt((int) LATENESS_MS);
                arrivals.add(new Arrival(events.get(i), events.get(i).timestampNanos() / 1_000_000 + delay, i));
            }
            arrivals.sort(Comparator.comparingLong(Arrival::at).thenComparingInt(Arrival::serial));
            List<Event> arrivalOrder = arrivals.stream().map(Arrival::event).toList();
            List<List<Event>> batches = new ArrayList<>();
            int i = 0;
            while (i < arrivalOrder.size()) {
                int size = 1 + random.nextInt(12);
                batches.add(arrivalOrder.subList(i, Math.min(arrivalOrder.size(), i + size)));
                i += size;
            }
            List<Event> sorted = new ArrayList<>(arrivalOrder);
            sorted.sort(Comparator.comparingLong(Event::timestampNanos));
            return new Delivery(batches, sorted, !sorted.equals(arrivalOrder));
        }

        @Override
        public String toString() {
            return "stages=" + stages + " runs(stage " + runsStage + ")=" + runs + " until=" + until
                    + " missingStage=" + missingStage + " maxspan=" + maxspanMs + "ms events=" + events.size();
        }
    }
}
