package dev.tripline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LockStripesTest {

    @Test
    void aTakenStripeRefusesOthersUntilReleasedOnAnyThread() throws Exception {
        LockStripes stripes = new LockStripes(16);
        assertThat(stripes.tryLock(3)).isTrue();
        assertThat(stripes.tryLock(3)).as("taken").isFalse();
        assertThat(stripes.tryLock(4)).as("another stripe").isTrue();

        AtomicBoolean got = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            stripes.lock(3);
            got.set(true);
        });
        waiter.start();
        waiter.join(200);
        assertThat(got).as("waits while the stripe is held").isFalse();
        assertThat(waiter.isAlive()).isTrue();

        // released by a thread that did not take it, as a batch failing on another thread does
        Thread releaser = new Thread(() -> stripes.unlock(3));
        releaser.start();
        releaser.join();
        waiter.join(5_000);
        assertThat(got).isTrue();
        assertThat(stripes.tryLock(3)).as("now the waiter's").isFalse();
    }

    @Test
    void batchesTakingRandomStripesNeverHoldOneTogether() throws Exception {
        int stripeCount = 64;
        LockStripes stripes = new LockStripes(stripeCount);
        int[] holders = new int[stripeCount];
        long[] counts = new long[stripeCount];
        int threads = 4;
        int rounds = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            results.add(pool.submit(() -> {
                Random random = new Random(seed);
                long[] mine = new long[stripeCount];
                int[] indexes = new int[8];
                start.await();
                for (int r = 0; r < rounds; r++) {
                    int n = 1 + random.nextInt(indexes.length);
                    for (int i = 0; i < n; i++) {
                        indexes[i] = random.nextInt(stripeCount);
                    }
                    int taken = stripes.lockAll(indexes, n);
                    for (int i = 0; i < taken; i++) {
                        int s = indexes[i];
                        // plain reads and writes: a second holder of the stripe would lose updates or see itself
                        if (holders[s] != 0) {
                            throw new IllegalStateException("stripe " + s + " held twice");
                        }
                        holders[s] = seed + 1;
                        counts[s]++;
                        mine[s]++;
                        holders[s] = 0;
                    }
                    stripes.unlockAll(indexes, taken);
                }
                return mine;
            }));
        }
        start.countDown();
        long[] expected = new long[stripeCount];
        for (Future<long[]> result : results) {
            long[] mine = result.get(60, TimeUnit.SECONDS);
            for (int s = 0; s < stripeCount; s++) {
                expected[s] += mine[s];
            }
        }
        pool.shutdown();
        assertThat(counts).as("no update lost under the stripes").isEqualTo(expected);
        for (int s = 0; s < stripeCount; s++) {
            assertThat(stripes.tryLock(s)).as("stripe %d released", s).isTrue();
        }
    }

    @Test
    void anInterruptedWaiterKeepsWaitingAndKeepsTheInterrupt() throws Exception {
        LockStripes stripes = new LockStripes(4);
        stripes.lock(1);
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        AtomicBoolean got = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            stripes.lock(1);
            got.set(true);
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        waiter.start();
        waiter.join(100);
        waiter.interrupt();
        waiter.join(200);
        assertThat(got).as("an interrupt does not take the stripe").isFalse();

        stripes.unlock(1);
        waiter.join(5_000);
        assertThat(got).isTrue();
        assertThat(interruptedAfter).isTrue();
    }

    @Test
    void committingClearsTheWriterOnlyIfNoLaterBatchWroteTheStripeSince() {
        LockStripes stripes = new LockStripes(8);
        EngineBatch first = batch();
        EngineBatch second = batch();

        stripes.writer(2, first);
        stripes.committed(2, first);
        assertThat(stripes.writer(2)).isNull();

        stripes.writer(5, first);
        stripes.writer(5, second);
        stripes.committed(5, first);
        assertThat(stripes.writer(5)).as("the later batch stays the writer").isSameAs(second);
    }

    /** A batch to name as a writer: an empty one, evaluated by an engine of its own. */
    private static EngineBatch batch() {
        return new DetectionEngine(EngineSettings.defaults()).evaluate(List.of());
    }
}
