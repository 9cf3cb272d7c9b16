package dev.tripline.engine;

import static dev.tripline.engine.TestEvents.sequenceAbc;
import static dev.tripline.engine.TestEvents.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sweep that may take a share of a core rests between slices of work, without the rollback lock. */
class SweepPaceTest {

    @Test
    void aRollbackDuringAPacedSweepGoesThroughWhileTheSweepRests() throws Exception {
        DetectionEngine engine = new DetectionEngine(EngineSettings.defaults().withSweepShare(0.01));
        engine.install(new RuleSpec("r", 1, sequenceAbc(1000)));
        List<Event> firsts = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            firsts.add(step("a", "h" + (i % 100), "p" + i, 0));
        }
        try (EngineBatch batch = engine.evaluate(firsts)) {
            batch.commit();
        }
        EngineBatch open = engine.evaluate(List.of(step("b", "h0", "p0", 1)));
        Thread sweeper = new Thread(engine::sweep, "paced-sweep");
        try {
            sweeper.start();
            // the sweep works 1 % of the time: visiting 100,000 keys takes it seconds, mostly at rest
            Thread.sleep(200);

            open.close();

            assertThat(sweeper.isAlive()).as("the rollback did not wait for the sweep to end").isTrue();
            assertThat(engine.totals().sweeps()).isZero();
        } finally {
            sweeper.interrupt();
            sweeper.join();
        }
        assertThat(engine.totals().sweeps()).isEqualTo(1);
        assertThat(engine.totals().pendingKeys()).as("the rolled-back batch left p0 as it was").isEqualTo(100_000);
    }
}
