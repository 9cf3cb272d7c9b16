package dev.tripline.alerts;

import static dev.tripline.alerts.AlertHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.support.IntegrationTest;
import dev.tripline.support.TestApiKeys;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The list's cursor under concurrent writers: a page must never hand out an alert beyond one whose transaction
 * has yet to commit, or that late commit would land behind the cursor and be skipped for good.
 */
@IntegrationTest
class AlertFeedPaginationIT {

    @Autowired
    Alerts alerts;

    @Autowired
    AlertTriage triage;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    AlertFeed feed;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    AlertHttp api;
    String rule;

    @BeforeEach
    void setUp() {
        api = new AlertHttp(port);
        rule = "rule-" + UUID.randomUUID();
    }

    @Test
    void anAlertWhoseTransactionCommitsLateIsNeitherSkippedNorRepeated() throws Exception {
        NewAlert slow = TestAlerts.alert(rule);
        NewAlert fast = TestAlerts.alert(rule);
        CountDownLatch slowInserted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            // the slow writer takes its transaction id first, then holds its commit back
            Future<?> slowCommit = writer.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(tx -> {
                assertThat(alerts.raise(List.of(slow))).hasSize(1);
                slowInserted.countDown();
                await(release);
            }));
            assertThat(slowInserted.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(alerts.raise(List.of(fast))).hasSize(1);

            Page whileSlowIsOpen = page(null, 10);

            release.countDown();
            slowCommit.get(30, TimeUnit.SECONDS);
            Page afterCommit = page(whileSlowIsOpen.next(), 10);

            // the committed fast alert is held back: handing it out would move the cursor past the slow one
            assertThat(whileSlowIsOpen.ids()).isEmpty();
            List<UUID> seen = new ArrayList<>(whileSlowIsOpen.ids());
            seen.addAll(afterCommit.ids());
            assertThat(seen).containsExactly(slow.id(), fast.id());
        } finally {
            release.countDown();
            writer.shutdownNow();
        }
    }

    @Test
    void pagingWhileWritersCommitOutOfOrderAndAnalystsTriageSeesEveryCommittedAlertExactlyOnce() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<UUID> before = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            NewAlert alert = TestAlerts.alert(rule);
            alerts.raise(List.of(alert));
            before.add(alert.id());
        }
        // the first requests of a fresh server are slow; the reader must overlap the writers, not follow them
        walk("&order=desc", 4, null);
        Set<UUID> committed = Collections.synchronizedSet(new HashSet<>(before));
        Set<UUID> rolledBack = Collections.synchronizedSet(new HashSet<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            List<Future<?>> writerTasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                long writerSeed = random.nextLong();
                writerTasks.add(pool.submit(() -> write(new Random(writerSeed), committed, rolledBack)));
            }
            Future<?> analyst = pool.submit(() -> triage(new Random(random.nextLong()), before, writing));

            // a descending walk that starts now must see every alert committed before it, once
            CompletableFuture<List<UUID>> descending = CompletableFuture.supplyAsync(() -> walk("&order=desc", 2, null));
            // an ascending poller that keeps going until the writers are done and the feed is drained
            List<UUID> ascending = new ArrayList<>();
            String cursor = null;
            boolean drained = false;
            while (!drained) {
                boolean writersDone = writerTasks.stream().allMatch(Future::isDone);
                Page page = page(cursor, 25);
                ascending.addAll(page.ids());
                cursor = page.next() != null ? page.next() : cursor;
                drained = writersDone && page.ids().size() < 25;
            }
            for (Future<?> task : writerTasks) {
                task.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            analyst.get(60, TimeUnit.SECONDS);

            assertThat(ascending).as("seed %d", seed).doesNotHaveDuplicates();
            assertThat(new HashSet<>(ascending)).as("seed %d", seed).isEqualTo(committed);
            assertThat(ascending).as("seed %d", seed).doesNotContainAnyElementsOf(rolledBack);
            List<UUID> walkedDown = descending.get(60, TimeUnit.SECONDS);
            assertThat(walkedDown).as("seed %d", seed).doesNotHaveDuplicates().containsAll(before);
            assertThat(committed).as("seed %d", seed).containsAll(walkedDown);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
    }

    @Test
    void alertsRestoredFromAnotherClusterStayBehindEveryNewAlert() {
        NewAlert restored = TestAlerts.alert(rule);
        alerts.raise(List.of(restored));
        // what a dump restored into another cluster looks like: a position ahead of this cluster's transaction ids
        jdbc.update("UPDATE alerts SET feed_position = alert_feed_base() + (pg_current_xact_id()::text)::bigint"
                + " + 1000000 WHERE id = ?", restored.id());
        int epochBefore = jdbc.queryForObject("SELECT epoch FROM alert_feed", Integer.class);

        int epochAfter = feed.ensureNewPositionsFollowStoredOnes();
        NewAlert fresh = TestAlerts.alert(rule);
        alerts.raise(List.of(fresh));

        assertThat(epochAfter).isEqualTo(epochBefore + 1);
        assertThat(page(null, 10).ids()).containsExactly(restored.id(), fresh.id());
        Page pollerAtRestored = page(null, 1);
        assertThat(pollerAtRestored.ids()).containsExactly(restored.id());
        assertThat(page(pollerAtRestored.next(), 10).ids()).containsExactly(fresh.id());
        assertThat(feed.ensureNewPositionsFollowStoredOnes()).as("raised once only").isEqualTo(epochAfter);
    }

    /**
     * Raises alerts in transactions held open for 5 to 55 ms; one in five rolls back instead of committing. The
     * reader pages faster than the writers write, so it sits at the end of the feed while commits land out of
     * transaction-id order: the situation in which a cursor without a safe horizon skips alerts (checked: with
     * the horizon removed from the query this test fails on every run).
     */
    private void write(Random random, Set<UUID> committed, Set<UUID> rolledBack) {
        TransactionTemplate template = new TransactionTemplate(transactions);
        for (int i = 0; i < 25; i++) {
            List<NewAlert> batch = new ArrayList<>();
            for (int n = 1 + random.nextInt(2); n > 0; n--) {
                batch.add(TestAlerts.alert(rule));
            }
            boolean rollBack = random.nextInt(5) == 0;
            int holdMillis = 5 + random.nextInt(50);
            try {
                template.executeWithoutResult(tx -> {
                    alerts.raise(batch);
                    sleep(holdMillis);
                    if (rollBack) {
                        tx.setRollbackOnly();
                    }
                });
            } finally {
                batch.forEach(alert -> (rollBack ? rolledBack : committed).add(alert.id()));
            }
        }
    }

    /** Changes statuses of listed alerts meanwhile: a change must not move an alert within the list. */
    private void triage(Random random, List<UUID> ids, AtomicBoolean writing) {
        AlertStatus[] statuses = AlertStatus.values();
        while (writing.get()) {
            UUID id = ids.get(random.nextInt(ids.size()));
            triage.changeStatus(new BulkStatusChange(List.of(id), statuses[random.nextInt(statuses.length)], null));
            sleep(random.nextInt(10));
        }
    }

    private List<UUID> walk(String query, int limit, String start) {
        List<UUID> seen = new ArrayList<>();
        String cursor = start;
        while (true) {
            HttpResponse<String> response = api.get("/api/v1/alerts?rule_id=" + rule + query + "&limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + cursor), TestApiKeys.VIEWER);
            JsonNode page = json(response);
            page.get("data").forEach(item -> seen.add(UUID.fromString(item.get("id").stringValue())));
            if (!page.hasNonNull("next_cursor")) {
                return seen;
            }
            cursor = page.get("next_cursor").stringValue();
        }
    }

    private record Page(List<UUID> ids, String next) {
    }

    private Page page(String cursor, int limit) {
        HttpResponse<String> response = api.get("/api/v1/alerts?rule_id=" + rule + "&limit=" + limit
                + (cursor == null ? "" : "&cursor=" + cursor), TestApiKeys.VIEWER);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        List<UUID> ids = new ArrayList<>();
        body.get("data").forEach(item -> ids.add(UUID.fromString(item.get("id").stringValue())));
        return new Page(ids, body.hasNonNull("next_cursor") ? body.get("next_cursor").stringValue() : null);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not release the slow writer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
