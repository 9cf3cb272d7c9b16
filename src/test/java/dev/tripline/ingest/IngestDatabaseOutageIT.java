package dev.tripline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.support.DefendEvents.Chain;
import dev.tripline.support.RestartablePostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL really stops while a shipper posts the batch that completes a sequence: the answer is 503 with
 * Retry-After, the engine forgets that batch, and when the database is back the shipper's retry of the same batch
 * raises the alert, once; a further retry raises nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@Import(IngestDatabaseOutageIT.RestartableDatabase.class)
class IngestDatabaseOutageIT {

    private static final RestartablePostgres POSTGRES = new RestartablePostgres();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @AfterAll
    static void removeDatabase() {
        POSTGRES.close();
    }

    @Test
    void batchThatCompletesASequenceWhileTheDatabaseIsDownIsRetriedIntoExactlyOneAlert() throws Exception {
        IngestHttp http = new IngestHttp(port);
        Chain chain = Chain.random();
        List<JsonNode> events = chain.reverseShell(Instant.parse("2026-11-27T12:00:00Z"));
        assertThat(http.postEvents(events.subList(0, 2)).statusCode()).isEqualTo(200);

        POSTGRES.stop();
        HttpResponse<String> during = http.postEvents(events.subList(2, 3));
        HttpResponse<String> duringAgain = http.postEvents(events.subList(2, 3));
        POSTGRES.start();

        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(during.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        assertThat(IngestHttp.body(during).get("type").asString())
                .isEqualTo("urn:tripline:problem:database-unavailable");
        assertThat(duringAgain.statusCode()).isEqualTo(503);

        HttpResponse<String> retry = retryUntilAnswered(http, events.subList(2, 3));
        HttpResponse<String> retryAgain = http.postEvents(events.subList(2, 3));

        assertThat(IngestHttp.seedAlerts(IngestHttp.body(retry))).hasSize(1);
        assertThat(IngestHttp.seedAlerts(IngestHttp.body(retryAgain))).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM alerts WHERE host_id = ? AND rule_id = ?", Long.class, chain.hostId(), IngestHttp.SEED_RULE))
                .isEqualTo(1);
    }

    /** What a client does after a 503: wait as told, send the same batch again, a bounded number of times. */
    private static HttpResponse<String> retryUntilAnswered(IngestHttp http, List<JsonNode> batch)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> response = http.postEvents(batch);
            if (response.statusCode() != 503 || System.nanoTime() > deadline) {
                assertThat(response.statusCode()).isEqualTo(200);
                return response;
            }
            Thread.sleep(200);
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
