package dev.tripline.engine;

import static dev.tripline.engine.TestEvents.sequenceAbc;
import static dev.tripline.engine.TestEvents.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.event.CompactEvents;
import dev.tripline.event.Event;
import dev.tripline.event.FieldRegistry;
import dev.tripline.event.RetainedBytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine with the service's retention: kept events in slabs, moved out of old slabs by the sweep. */
class RetainedBytesSweepTest {

    private final FieldRegistry fields = FieldRegistry.withDefaults();
    private final List<Runnable> sweeps = new ArrayList<>();

    private DetectionEngine engine(RetainedBytes retained) {
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults().withFields(fields).withRetain(retained)
                .withAllowedLateness(Duration.ofSeconds(1)).withSweeps(sweeps::add));
        engine.install(new RuleSpec("r", 1, sequenceAbc(600_000)));
        return engine;
    }

    private List<Match> run(DetectionEngine engine, List<Event> trees) {
        try (EngineBatch batch = engine.evaluate(CompactEvents.of(trees, fields))) {
            List<Match> matches = batch.matches();
            batch.commit();
            return matches;
        }
    }

    /** Twenty first stages of another host, on keys of their own: they fill slabs. */
    private static List<Event> fillers(String entity, long millis) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(step("a", "other", entity + i, millis));
        }
        return events;
    }

    /** Moves the other host's clock past maxspan and lateness: the next sweep drops its fillers. */
    private void expireFillers(DetectionEngine engine, long millis) {
        run(engine, List.of(step("x", "other", "clock", millis)));
    }

    @Test
    void aPartialWaitingAcrossSweepsIsMovedOutOfItsOldSlabAndCompletesTheSameMatch() {
        RetainedBytes retained = new RetainedBytes(2048, 1_000_000);
        DetectionEngine engine = engine(retained);
        Event a = step("a", "h", "p", 0);
        Event b = step("b", "h", "p", 1);
        Event c = step("c", "h", "p", 200_000);

        assertThat(run(engine, List.of(a, b))).isEmpty();
        engine.sweep();
        run(engine, fillers("f", 2));
        expireFillers(engine, 700_000);
        engine.sweep();
        assertThat(retained.moved()).as("its slab was being filled when the previous sweep began").isZero();
        assertThat(engine.totals().pendingKeys()).as("the fillers expired, a and b wait").isEqualTo(1);
        engine.sweep();

        assertThat(retained.moved()).as("a and b, alone in a slab of fillers").isEqualTo(2);
        List<Match> matches = run(engine, List.of(c));
        assertThat(matches).singleElement().satisfies(m -> {
            assertThat(m.events()).extracting(Event::key).containsExactly(a.key(), b.key(), c.key());
            assertThat(m.events()).extracting(e -> e.document().toString())
                    .containsExactly(a.document().toString(), b.document().toString(), c.document().toString());
            assertThat(m.id()).isEqualTo(MatchIds.of("r", List.of(a, b, c)));
        });
    }

    @Test
    void aSoleFirstStageMovedByTheSweepStillStartsItsSequence() {
        RetainedBytes retained = new RetainedBytes(2048, 1_000_000);
        DetectionEngine engine = engine(retained);
        Event a = step("a", "h", "p", 0);

        run(engine, List.of(a));
        engine.sweep();
        run(engine, fillers("f", 1));
        expireFillers(engine, 700_000);
        engine.sweep();
        engine.sweep();
        assertThat(retained.moved()).isEqualTo(1);
        engine.sweep();
        long moved = retained.moved();
        engine.sweep();

        assertThat(retained.moved()).as("a moved event is not moved again").isEqualTo(moved);
        List<Match> matches = run(engine, List.of(step("b", "h", "p", 3), step("c", "h", "p", 4)));
        assertThat(matches).singleElement()
                .satisfies(m -> assertThat(m.events().get(0).document().toString()).isEqualTo(a.document().toString()));
    }

    @Test
    void slabsFillingWhileEventTimeStandsStillAskForASweep() {
        DetectionEngine engine = engine(new RetainedBytes(2048, 2));

        for (int round = 0; round < 5 && sweeps.isEmpty(); round++) {
            run(engine, fillers("f" + round, 0));
        }

        assertThat(sweeps).as("no minute of event time passed; the slabs asked").isNotEmpty();
        sweeps.get(0).run();
        assertThat(engine.totals().sweeps()).isEqualTo(1);
        assertThat(engine.totals().sweepNanos()).isPositive();
    }
}
