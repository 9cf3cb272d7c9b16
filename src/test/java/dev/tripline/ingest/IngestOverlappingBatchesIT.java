package dev.tripline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.alerts.Alerts;
import dev.tripline.alerts.NewAlert;
import dev.tripline.alerts.RaisedAlert;
import dev.tripline.support.DefendEvents.Chain;
import dev.tripline.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Two batches in flight at once, the second evaluated at once on the first one's uncommitted state while the first is
 * still persisting:
 *
 * <ul>
 *   <li>the second completes the first one's partial match, and then the first one's commit fails. The second must
 *       not keep an alert resting on events that were never accepted: it is rolled back with the first (503 naming
 *       why), and the client's retries, in order, raise the alert exactly once;</li>
 *   <li>the second is the first one again (a client retrying before it had its answer), completing the same match.
 *       Both succeed, one alert: the second waits for the first before it inserts, so neither waits on the other's
 *       rows.</li>
 * </ul>
 */
@IntegrationTest
@Import(IngestOverlappingBatchesIT.GatedAlerts.class)
class IngestOverlappingBatchesIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Gate gate;

    @Test
    void aBatchThatContinuesAFailingInFlightBatchIsRolledBackWithItAndTheRetriesRaiseOneAlert() throws Exception {
        IngestHttp http = new IngestHttp(port);
        Chain chain = Chain.random();
        List<JsonNode> events = chain.reverseShell(Instant.parse("2026-11-27T12:00:00Z"));

        Hold hold = gate.holdNext(true);
        CompletableFuture<HttpResponse<String>> first =
                CompletableFuture.supplyAsync(() -> http.postEvents(events.subList(0, 2)));
        CompletableFuture<HttpResponse<String>> second;
        try {
            assertThat(hold.held.await(30, TimeUnit.SECONDS)).as("the first batch is persisting").isTrue();
            second = CompletableFuture.supplyAsync(() -> http.postEvents(events.subList(2, 3)));
            assertThat(hold.raisedAfter.await(30, TimeUnit.SECONDS)).as("the second batch is persisting").isTrue();
            assertThat(hold.raisedAfterwards.get()).as("evaluated on the first batch's uncommitted partial")
                    .filteredOn(alert -> alert.rule().ruleId().equals(IngestHttp.SEED_RULE)).hasSize(1);
            Thread.sleep(200); // the second batch now waits for the first before it commits
            assertThat(second.isDone()).as("no answer before the batch it continues has settled").isFalse();
        } finally {
            // whatever failed above: an open transaction must not outlive the test (other tests share the database)
            hold.released.countDown();
        }

        HttpResponse<String> firstAnswer = first.get(30, TimeUnit.SECONDS);
        HttpResponse<String> secondAnswer = second.get(30, TimeUnit.SECONDS);
        assertThat(firstAnswer.statusCode()).isEqualTo(503);
        assertThat(secondAnswer.statusCode()).isEqualTo(503);
        assertThat(secondAnswer.headers().firstValue("Retry-After")).isPresent();
        assertThat(IngestHttp.body(secondAnswer).get("type").asString())
                .isEqualTo("urn:tripline:problem:batch-abandoned");
        assertThat(alertsOf(chain)).as("nothing kept of either batch").isZero();

        HttpResponse<String> firstRetry = http.postEvents(events.subList(0, 2));
        HttpResponse<String> secondRetry = http.postEvents(events.subList(2, 3));
        assertThat(firstRetry.statusCode()).isEqualTo(200);
        assertThat(IngestHttp.body(firstRetry).get("duplicates").asInt()).as("the first try was forgotten").isZero();
        assertThat(IngestHttp.seedAlerts(IngestHttp.body(secondRetry))).hasSize(1);
        assertThat(alertsOf(chain)).isEqualTo(1);
    }

    @Test
    void theSameBatchPostedAgainWhileTheFirstIsPersistingWaitsForItAndBothSucceedWithOneAlert() throws Exception {
        IngestHttp http = new IngestHttp(port);
        Chain chain = Chain.random();
        List<JsonNode> events = chain.reverseShell(Instant.parse("2026-11-27T13:00:00Z"));

        Hold hold = gate.holdNext(false);
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> http.postEvents(events));
        CompletableFuture<HttpResponse<String>> again;
        try {
            assertThat(hold.held.await(30, TimeUnit.SECONDS)).as("the first sending is persisting").isTrue();
            again = CompletableFuture.supplyAsync(() -> http.postEvents(events));
            Thread.sleep(300); // evaluated by now, on the first sending's uncommitted state
            assertThat(hold.raisedAfter.getCount()).as("the second sending has inserted nothing yet").isEqualTo(1);
        } finally {
            hold.released.countDown();
        }

        HttpResponse<String> firstAnswer = first.get(30, TimeUnit.SECONDS);
        HttpResponse<String> againAnswer = again.get(30, TimeUnit.SECONDS);
        assertThat(firstAnswer.statusCode()).isEqualTo(200);
        assertThat(IngestHttp.seedAlerts(IngestHttp.body(firstAnswer))).hasSize(1);
        // before the fix: the second sending inserted the alert first, then waited for the first to commit, whose
        // insert waited on the second's row; the queue timeout broke it as a 503 after 5 s
        assertThat(againAnswer.statusCode()).as(againAnswer.body()).isEqualTo(200);
        JsonNode againBody = IngestHttp.body(againAnswer);
        assertThat(againBody.get("duplicates").asInt())
                .as("evaluated while the first sending was in flight, not dropped as already received").isZero();
        assertThat(IngestHttp.seedAlerts(againBody)).as("no alert raised a second time").isEmpty();
        assertThat(alertsOf(chain)).isEqualTo(1);
    }

    private long alertsOf(Chain chain) {
        return jdbc.queryForObject("SELECT count(*) FROM alerts WHERE host_id = ? AND rule_id = ?", Long.class,
                chain.hostId(), IngestHttp.SEED_RULE);
    }

    /** One armed hold of the {@link Gate}. */
    static final class Hold {
        final boolean fail;
        /** counted down when the held call arrives */
        final CountDownLatch held = new CountDownLatch(1);
        /** counted down by the test to let the held call go on (or fail) */
        final CountDownLatch released = new CountDownLatch(1);
        /** counted down by the first call made while this hold was held or after it */
        final CountDownLatch raisedAfter = new CountDownLatch(1);
        final AtomicReference<List<NewAlert>> raisedAfterwards = new AtomicReference<>();

        Hold(boolean fail) {
            this.fail = fail;
        }
    }

    /**
     * Holds the next call to {@link Alerts#raise} until released, before it inserts anything; then it goes on, or
     * fails as an unreachable database would.
     */
    static final class Gate implements Alerts {

        private final Alerts delegate;
        private final AtomicReference<Hold> armed = new AtomicReference<>();
        private volatile Hold last;

        Gate(Alerts delegate) {
            this.delegate = delegate;
        }

        Hold holdNext(boolean thenFail) {
            Hold hold = new Hold(thenFail);
            last = hold;
            armed.set(hold);
            return hold;
        }

        @Override
        public List<RaisedAlert> raise(List<NewAlert> alerts) {
            Hold hold = armed.getAndSet(null);
            if (hold != null) {
                hold.held.countDown();
                try {
                    hold.released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (hold.fail) {
                    throw new TransientDataAccessResourceException("the database went away (test)");
                }
                return delegate.raise(alerts);
            }
            Hold current = last;
            if (current != null && current.held.getCount() == 0 && current.raisedAfter.getCount() == 1) {
                current.raisedAfterwards.set(alerts);
                current.raisedAfter.countDown();
            }
            return delegate.raise(alerts);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class GatedAlerts {

        @Bean
        @Primary
        Gate gatedAlerts(@Qualifier("alertService") Alerts alertService) {
            return new Gate(alertService);
        }
    }
}
