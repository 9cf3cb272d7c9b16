package dev.tripline.alerts;

import dev.tripline.support.RestartablePostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The database really goes away and comes back: raising alerts fails with a DataAccessException while it is down
 * (so the ingest path can answer 503) and the client's retry afterwards stores every alert exactly once. This test
 * runs its own PostgreSQL on a fixed port and data directory so that it can stop and restart it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // fail fast while the database is down instead of waiting Hikari's default 30 s for a connection
        "spring.datasource.hikari.connection-timeout=2000",
        "spring.datasource.hikari.validation-timeout=1000"})
@ActiveProfiles("it")
@Import(AlertsDatabaseOutageIT.RestartableDatabase.class)
class AlertsDatabaseOutageIT {

    private static final RestartablePostgres POSTGRES = new RestartablePostgres();

    @Autowired
    Alerts alerts;

    @Autowired
    JdbcTemplate jdbc;

    @AfterAll
    static void removeDatabase() {
        POSTGRES.close();
    }

    @Test
    void raisingFailsWhileTheDatabaseIsDownAndTheRetryStoresEveryAlertExactlyOnce() {
        String rule = "rule-" + UUID.randomUUID();
        NewAlert before = TestAlerts.alert(rule);
        List<NewAlert> batch = List.of(TestAlerts.alert(rule), TestAlerts.alert(rule), TestAlerts.alert(rule));
        assertThat(alerts.raise(List.of(before))).hasSize(1);

        POSTGRES.stop();
        assertThatThrownBy(() -> alerts.raise(batch)).isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> alerts.raise(batch)).isInstanceOf(DataAccessException.class);
        POSTGRES.start();

        List<RaisedAlert> retried = retryUntilStored(batch);
        List<NewAlert> everything = new ArrayList<>(batch);
        everything.add(0, before);
        List<RaisedAlert> replayed = alerts.raise(everything);

        assertThat(retried).extracting(RaisedAlert::id).containsExactlyElementsOf(batch.stream().map(NewAlert::id).toList());
        assertThat(replayed).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM alerts WHERE rule_id = ?", Long.class, rule)).isEqualTo(4);
    }

    /** What a client does after a 503: try again a little later, a bounded number of times. */
    private List<RaisedAlert> retryUntilStored(List<NewAlert> batch) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return alerts.raise(batch);
            } catch (DataAccessException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RestartableDatabase {

        @Bean
        JdbcConnectionDetails restartablePostgres() {
            return POSTGRES.connectionDetails();
        }
    }
}
