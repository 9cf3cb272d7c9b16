package dev.tripline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.support.DefendEvents.Chain;
import dev.tripline.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The ingest timers as Prometheus shows them (metrics export is on for this test's application context). */
@IntegrationTest
@AutoConfigureMetrics
class IngestMetersIT {

    private static final List<String> PHASES = List.of("queue", "decode", "evaluate", "insert", "wait_earlier",
            "commit");

    @LocalServerPort
    int port;

    @Test
    void everyBatchIsTimedInEachPhaseAndThePhasesAddUpToNoMoreThanTheWholeBatch() throws Exception {
        Map<String, Double> before = scrape();

        HttpResponse<String> answer = new IngestHttp(port)
                .postEvents(Chain.random().reverseShell(Instant.parse("2026-11-27T16:00:00Z")));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(IngestHttp.seedAlerts(IngestHttp.body(answer))).hasSize(1);

        Map<String, Double> after = scrape();
        double phases = 0;
        for (String phase : PHASES) {
            assertThat(after.get("count " + phase) - before.getOrDefault("count " + phase, 0.0))
                    .as("batches timed in phase %s", phase).isEqualTo(1.0);
            phases += after.get("sum " + phase) - before.getOrDefault("sum " + phase, 0.0);
        }
        double batch = after.get("sum batch") - before.getOrDefault("sum batch", 0.0);
        assertThat(after.get("count batch") - before.getOrDefault("count batch", 0.0)).isEqualTo(1.0);
        assertThat(phases).as("the phases are parts of the batch's time").isPositive().isLessThanOrEqualTo(batch);
    }

    /** Count and sum of the batch timer and of each phase timer, keyed "count decode", "sum batch", ... */
    private Map<String, Double> scrape() throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> values = new TreeMap<>();
        Matcher phase = Pattern.compile(
                "(?m)^tripline_ingest_phase_seconds_(count|sum)\\{[^}]*phase=\"([a-z_]+)\"[^}]*\\} ([0-9.eE+-]+)$")
                .matcher(body);
        while (phase.find()) {
            values.put(phase.group(1) + " " + phase.group(2), Double.parseDouble(phase.group(3)));
        }
        Matcher batch = Pattern.compile("(?m)^tripline_ingest_batch_seconds_(count|sum)\\{[^}]*\\} ([0-9.eE+-]+)$")
                .matcher(body);
        while (batch.find()) {
            values.put(batch.group(1) + " batch", Double.parseDouble(batch.group(2)));
        }
        return values;
    }
}
