package dev.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineBatch;
import dev.tripline.event.Event;
import dev.tripline.support.DefendEvents.Chain;
import dev.tripline.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Tests turn metrics export off unless asked; this one asks, so it runs in an application context of its own. */
@IntegrationTest
@AutoConfigureMetrics
class EngineMetersIT {

    private static final String SEED = "fa3a59dc-33c3-43bf-80a9-e8437a922c7f";

    @LocalServerPort
    int port;

    @Autowired
    DetectionEngine engine;

    @Autowired
    EngineMeters meters;

    @Test
    void engineCountersReachPrometheusPerRule() throws Exception {
        meters.reconcile();
        double before = scrape("tripline_engine_rule_matches_total\\{[^}]*rule_id=\"" + SEED + "\"[^}]*\\}");
        List<Event> chain = Chain.random().reverseShell(Instant.parse("2026-11-27T15:00:00Z")).stream()
                .map(Event::from).toList();
        try (EngineBatch batch = engine.evaluate(chain)) {
            assertThat(batch.matches()).extracting(m -> m.ruleId()).contains(SEED);
            batch.commit();
        }

        double after = scrape("tripline_engine_rule_matches_total\\{[^}]*rule_id=\"" + SEED + "\"[^}]*\\}");

        assertThat(after - before).isEqualTo(1.0);
        assertThat(scrape("tripline_engine_events_evaluated_total\\{[^}]*\\}")).isGreaterThanOrEqualTo(3.0);
        assertThat(scrape("tripline_engine_rule_stage_hits_total\\{[^}]*rule_id=\"" + SEED + "\"[^}]*\\}"))
                .isGreaterThanOrEqualTo(3.0);
    }

    private double scrape(String series) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher line = Pattern.compile("(?m)^" + series + " ([0-9.eE+]+)$").matcher(body);
        assertThat(line.find()).as("a %s line in /actuator/prometheus", series).isTrue();
        return Double.parseDouble(line.group(1));
    }
}
