package dev.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SweepThreadTest {

    @Test
    void aSweepRunsOnTheEngineSweepThreadNotOnTheCaller() throws Exception {
        try (RulesConfiguration.SweepThread sweeps = new RulesConfiguration.SweepThread()) {
            CompletableFuture<String> ranOn = new CompletableFuture<>();

            sweeps.execute(() -> ranOn.complete(Thread.currentThread().getName()));

            assertThat(ranOn.get(10, TimeUnit.SECONDS)).isEqualTo("tripline-engine-sweep");
        }
    }

    @Test
    void aSweepDueWhileOneRunsIsDroppedWithoutAnError() throws Exception {
        try (RulesConfiguration.SweepThread sweeps = new RulesConfiguration.SweepThread()) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger runs = new AtomicInteger();
            sweeps.execute(() -> {
                runs.incrementAndGet();
                running.countDown();
                await(release);
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatCode(() -> sweeps.execute(runs::incrementAndGet)).doesNotThrowAnyException();
            release.countDown();

            CompletableFuture<Void> later = new CompletableFuture<>();
            // once the first is through, the thread takes sweeps again
            for (int i = 0; i < 1000 && !later.isDone(); i++) {
                sweeps.execute(() -> later.complete(null));
                Thread.sleep(10);
            }
            later.get(10, TimeUnit.SECONDS);
            assertThat(runs.get()).as("the sweep offered while one ran never ran").isEqualTo(1);
        }
    }

    @Test
    void aSweepAfterCloseIsDroppedWithoutAnError() {
        RulesConfiguration.SweepThread sweeps = new RulesConfiguration.SweepThread();
        sweeps.close();
        AtomicInteger runs = new AtomicInteger();

        assertThatCode(() -> sweeps.execute(runs::incrementAndGet)).doesNotThrowAnyException();
        assertThat(runs.get()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
