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
 * Two batches of one sequence in flight at once: the first (stages 1 and 2) is still persisting when the second
 * (stage 3) arrives, which is evaluated at once on the first one's uncommitted partial match and completes it. Then
 * the first one's commit fails. The second must not keep an alert resting on events that were never accepted: it is
 * rolled back with the first (503 naming why), and the client's retries, in order, raise the alert exactly once.
 */
@IntegrationTest
@Import(IngestEarlierBatchFailureIT.GatedAlerts.class)
class IngestEarlierBatchFailureIT {

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

        gate.holdNextThenFail();
        CompletableFuture<HttpResponse<String>> first =
                CompletableFuture.supplyAsync(() -> http.postEvents(events.subList(0, 2)));
        CompletableFuture<HttpResponse<String>> second;
        try {
            assertThat(gate.held.await(30, TimeUnit.SECONDS)).as("the first batch is persisting").isTrue();
            second = CompletableFuture.supplyAsync(() -> http.postEvents(events.subList(2, 3)));
            assertThat(gate.raisedAfterHold.await(30, TimeUnit.SECONDS)).as("the second batch is persisting").isTrue();
            assertThat(gate.lastRaised.get()).as("evaluated on the first batch's uncommitted partial")
                    .filteredOn(alert -> alert.rule().ruleId().equals(IngestHttp.SEED_RULE)).hasSize(1);
            Thread.sleep(200); // the second batch now waits for the first before it commits
            assertThat(second.isDone()).as("no answer before the batch it continues has settled").isFalse();
        } finally {
            // whatever failed above: an open transaction must not outlive the test (other tests share the database)
            gate.release();
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

    private long alertsOf(Chain chain) {
        return jdbc.queryForObject("SELECT count(*) FROM alerts WHERE host_id = ? AND rule_id = ?", Long.class,
                chain.hostId(), IngestHttp.SEED_RULE);
    }

    /** Holds the next call to {@link Alerts#raise} until released, then fails it as an unreachable database would. */
    static final class Gate implements Alerts {

        private final Alerts delegate;
        private final AtomicReference<CountDownLatch> armed = new AtomicReference<>();
        private final CountDownLatch released = new CountDownLatch(1);
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch raisedAfterHold = new CountDownLatch(1);
        final AtomicReference<List<NewAlert>> lastRaised = new AtomicReference<>();

        Gate(Alerts delegate) {
            this.delegate = delegate;
        }

        void holdNextThenFail() {
            armed.set(released);
        }

        void release() {
            released.countDown();
        }

        @Override
        public List<RaisedAlert> raise(List<NewAlert> alerts) {
            CountDownLatch hold = armed.getAndSet(null);
            if (hold != null) {
                held.countDown();
                try {
                    hold.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new TransientDataAccessResourceException("the database went away (test)");
            }
            List<RaisedAlert> raised = delegate.raise(alerts);
            if (held.getCount() == 0) {
                lastRaised.set(alerts);
                raisedAfterHold.countDown();
            }
            return raised;
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
