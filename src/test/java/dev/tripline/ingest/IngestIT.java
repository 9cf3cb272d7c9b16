package dev.tripline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.support.DefendEvents;
import dev.tripline.support.DefendEvents.Chain;
import dev.tripline.support.IntegrationTest;
import dev.tripline.support.TestApiKeys;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service's main job, end to end over HTTP: Elastic Defend documents in, the seed rule's alert out, exactly
 * once. Every test uses hosts of its own (random ids), so the shared engine and database never mix their state.
 */
@IntegrationTest
class IngestIT {

    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

    @LocalServerPort
    int port;

    private IngestHttp http;

    @BeforeEach
    void client() {
        http = new IngestHttp(port);
    }

    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void tomcatReadsARequestBodyFromTheSocketUpTo64KilobytesAtATime() {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();

        assertThat(String.valueOf(connector.getProperty("socket.appReadBufSize"))).isEqualTo("65536");
    }

    @Test
    void reverseShellChainOverShuffledRepeatedBatchesRaisesExactlyOneAlertWithItsEventsInOrder() {
        Chain chain = Chain.random();
        Instant t = START.plusSeconds(10);
        JsonNode exec = chain.suspiciousExec("/tmp/.x1", "bash", t);
        JsonNode connect = chain.connection("/tmp/.x1", "203.0.113.9", 4444, t.plusMillis(180));
        JsonNode shell = chain.shell("sh", "bash", t.plusMillis(420));
        List<JsonNode> first = shuffled(List.of(noise(chain, t.minusMillis(50)), exec, noise(chain, t.plusMillis(5))), 1);
        List<JsonNode> second = shuffled(List.of(shell, noise(chain, t.plusMillis(300)), connect), 2);

        JsonNode firstAnswer = IngestHttp.body(http.postEvents(first));
        HttpResponse<String> secondResponse = http.postEvents(second);
        JsonNode secondAnswer = IngestHttp.body(secondResponse);

        assertThat(secondResponse.statusCode()).isEqualTo(200);
        assertThat(IngestHttp.seedAlerts(firstAnswer)).isEmpty();
        assertThat(IngestHttp.seedAlerts(secondAnswer)).singleElement().satisfies(alert -> {
            assertThat(alert.get("rule_id").asString()).isEqualTo("fa3a59dc-33c3-43bf-80a9-e8437a922c7f");
            assertThat(alert.get("rule_name").asString()).isEqualTo("Potential Reverse Shell via Suspicious Binary");
            assertThat(alert.get("severity").asString()).isEqualTo("medium");
        });

        // the shipper retries both batches: nothing new
        JsonNode firstAgain = IngestHttp.body(http.postEvents(first));
        JsonNode secondAgain = IngestHttp.body(http.postEvents(shuffled(second, 3)));
        assertThat(firstAgain.get("duplicates").asInt()).isEqualTo(3);
        assertThat(secondAgain.get("duplicates").asInt()).isEqualTo(3);
        assertThat(IngestHttp.seedAlerts(secondAgain)).isEmpty();

        List<JsonNode> alerts = http.alertsOfHost(chain.hostId());
        assertThat(alerts).hasSize(1);
        JsonNode alert = http.alert(alerts.get(0).get("id").asString());
        assertThat(alert.get("event_ids").valueStream().map(JsonNode::asString))
                .containsExactly(id(exec), id(connect), id(shell));
        assertThat(alert.get("events").valueStream().map(e -> e.at("/event/id").asString()))
                .containsExactly(id(exec), id(connect), id(shell));
        assertThat(alert.at("/host/id").asString()).isEqualTo(chain.hostId());
        assertThat(alert.at("/destination/ip").asString()).isEqualTo("203.0.113.9");
        assertThat(alert.get("reason").asString()).contains("/tmp/.x1").contains("203.0.113.9").contains("sh");
        assertThat(alert.get("threat").toString()).contains("T1059.004");
        assertThat(alert.get("investigation_guide").asString()).contains("Triage and analysis");
    }

    @Test
    void anAlertKeepsTheDocumentsOfEarlierBatchesAfterTheirBodiesArraysHeldOtherBatches() {
        Instant t = START.plusSeconds(20);
        List<JsonNode> chain = Chain.random().reverseShell(t);
        assertThat(http.postEvents(chain.subList(0, 1)).statusCode()).isEqualTo(200);
        assertThat(http.postEvents(chain.subList(1, 2)).statusCode()).isEqualTo(200);
        // batches one after another reuse the arrays that bodies are read into; these overwrite the two above
        for (int i = 0; i < 40; i++) {
            Chain other = Chain.random();
            List<JsonNode> filler = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                filler.add(noise(other, t.plusMillis(k)));
            }
            assertThat(http.postEvents(filler).statusCode()).isEqualTo(200);
        }

        JsonNode answer = IngestHttp.body(http.postEvents(chain.subList(2, 3)));

        assertThat(IngestHttp.seedAlerts(answer)).hasSize(1);
        JsonNode alert = http.alert(IngestHttp.seedAlerts(answer).get(0).get("id").asString());
        assertThat(alert.get("events").valueStream().toList()).containsExactlyElementsOf(chain);
    }

    static Stream<Arguments> nearMisses() {
        return Stream.of(
                Arguments.of("connection to loopback", (NearMiss) (c, t) -> List.of(
                        c.suspiciousExec("/tmp/.x1", "bash", t),
                        c.connection("/tmp/.x1", "127.0.0.1", 4444, t.plusMillis(100)),
                        c.shell("sh", "bash", t.plusMillis(200)))),
                Arguments.of("connection to IPv6 loopback", (NearMiss) (c, t) -> List.of(
                        c.suspiciousExec("/tmp/.x1", "bash", t),
                        c.connection("/tmp/.x1", "::1", 4444, t.plusMillis(100)),
                        c.shell("sh", "bash", t.plusMillis(200)))),
                Arguments.of("binary started by systemd, not a shell", (NearMiss) (c, t) -> List.of(
                        c.suspiciousExec("/tmp/.x1", "systemd", t),
                        c.connection("/tmp/.x1", "203.0.113.9", 4444, t.plusMillis(100)),
                        c.shell("sh", "bash", t.plusMillis(200)))),
                Arguments.of("excluded process name", (NearMiss) (c, t) -> List.of(
                        c.suspiciousExec("/tmp/curl", "bash", t),
                        c.connection("/tmp/curl", "203.0.113.9", 443, t.plusMillis(100)),
                        c.shell("sh", "bash", t.plusMillis(200)))),
                Arguments.of("binary outside the suspicious paths", (NearMiss) (c, t) -> List.of(
                        c.suspiciousExec("/usr/local/bin/agent", "bash", t),
                        c.connection("/usr/local/bin/agent", "203.0.113.9", 443, t.plusMillis(100)),
                        c.shell("sh", "bash", t.plusMillis(200)))),
                Arguments.of("shell after maxspan", (NearMiss) (c, t) -> List.of(
                        c.suspiciousExec("/tmp/.x1", "bash", t),
                        c.connection("/tmp/.x1", "203.0.113.9", 4444, t.plusMillis(100)),
                        c.shell("sh", "bash", t.plusMillis(1_001)))),
                Arguments.of("shell in another process", (NearMiss) (c, t) -> {
                    Chain other = new Chain(c.hostId(), c.hostName(), "other-" + c.entityId());
                    return List.of(
                            c.suspiciousExec("/tmp/.x1", "bash", t),
                            c.connection("/tmp/.x1", "203.0.113.9", 4444, t.plusMillis(100)),
                            other.shell("sh", "bash", t.plusMillis(200)));
                }),
                Arguments.of("stages out of order", (NearMiss) (c, t) -> List.of(
                        c.connection("/tmp/.x1", "203.0.113.9", 4444, t),
                        c.suspiciousExec("/tmp/.x1", "bash", t.plusMillis(100)),
                        c.shell("sh", "bash", t.plusMillis(200)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nearMisses")
    void nearMissRaisesNoAlert(String why, NearMiss nearMiss) {
        Chain chain = Chain.random();
        JsonNode answer = IngestHttp.body(http.postEvents(nearMiss.events(chain, START.plusSeconds(20))));

        assertThat(answer.get("accepted").asInt()).isEqualTo(3);
        assertThat(IngestHttp.seedAlerts(answer)).isEmpty();
        assertThat(http.alertsOfHost(chain.hostId())).isEmpty();
    }

    @Test
    void exactlyMaxspanAfterTheFirstEventStillMatches() {
        Chain chain = Chain.random();
        Instant t = START.plusSeconds(30);
        JsonNode answer = IngestHttp.body(http.postEvents(List.of(
                chain.suspiciousExec("/dev/shm/k", "sh", t),
                chain.connection("/dev/shm/k", "2001:db8::7", 8443, t.plusMillis(500)),
                chain.shell("bash", "sh", t.plusMillis(1_000)))));

        assertThat(IngestHttp.seedAlerts(answer)).hasSize(1);
    }

    @Test
    void acceptsNdjsonGzipTheEventsWrapperAndSingleEvents() {
        Chain ndjson = Chain.random();
        JsonNode a = IngestHttp.body(http.postNdjson(ndjson.reverseShell(START.plusSeconds(40)), true));
        assertThat(a.get("received").asInt()).isEqualTo(3);
        assertThat(IngestHttp.seedAlerts(a)).hasSize(1);

        Chain wrapped = Chain.random();
        String body = IngestHttp.JSON.writeValueAsString(
                java.util.Map.of("events", wrapped.reverseShell(START.plusSeconds(41))));
        assertThat(IngestHttp.seedAlerts(IngestHttp.body(http.postJson(body)))).hasSize(1);

        Chain single = Chain.random();
        List<JsonNode> events = single.reverseShell(START.plusSeconds(42));
        int raised = 0;
        for (JsonNode event : events) {
            JsonNode answer = IngestHttp.body(http.postJson(IngestHttp.JSON.writeValueAsString(event)));
            assertThat(answer.get("received").asInt()).isEqualTo(1);
            raised += IngestHttp.seedAlerts(answer).size();
        }
        assertThat(raised).isEqualTo(1);
    }

    @Test
    void rejectsInvalidEventsByIndexAndEvaluatesTheRest() {
        Chain chain = Chain.random();
        List<JsonNode> events = chain.reverseShell(START.plusSeconds(50));
        ObjectNode untimed = IngestHttp.JSON.createObjectNode();
        untimed.put("message", "no timestamp");
        String body = "[" + IngestHttp.JSON.writeValueAsString(events.get(0)) + ", \"not an event\", "
                + IngestHttp.JSON.writeValueAsString(events.get(1)) + ", " + untimed + ", "
                + IngestHttp.JSON.writeValueAsString(events.get(2)) + "]";

        JsonNode answer = IngestHttp.body(http.postJson(body));

        assertThat(answer.get("received").asInt()).isEqualTo(5);
        assertThat(answer.get("accepted").asInt()).isEqualTo(3);
        assertThat(answer.get("rejected").valueStream().map(r -> r.get("index").asInt())).containsExactly(1, 3);
        assertThat(answer.get("rejected").get(1).get("reason").asString()).isEqualTo("missing @timestamp");
        assertThat(IngestHttp.seedAlerts(answer)).hasSize(1);
    }

    @Test
    void repeatedIdempotencyKeyReturnsTheStoredAnswerWithoutEvaluating() {
        Chain chain = Chain.random();
        String key = "batch-" + UUID.randomUUID();
        String body = IngestHttp.JSON.writeValueAsString(chain.reverseShell(START.plusSeconds(60)));

        HttpResponse<String> first = http.postJson(body, "Idempotency-Key", key);
        HttpResponse<String> again = http.postJson(body, "Idempotency-Key", key);

        assertThat(IngestHttp.seedAlerts(IngestHttp.body(first))).hasSize(1);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void sameIdempotencyKeyWithAnotherBodyIsUnprocessable() {
        String key = "batch-" + UUID.randomUUID();
        http.postEvents(Chain.random().reverseShell(START.plusSeconds(70)), "Idempotency-Key", key);

        HttpResponse<String> reused = http.postEvents(Chain.random().reverseShell(START.plusSeconds(71)),
                "Idempotency-Key", key);

        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(IngestHttp.body(reused).get("type").asString())
                .isEqualTo("urn:tripline:problem:idempotency-key-reused");
    }

    @Test
    void eventsFartherBehindTheirHostThanTheAllowedLatenessAreCountedLate() {
        Chain chain = Chain.random();
        Instant t = START.plusSeconds(3_600);
        http.postEvents(List.of(noise(chain, t)));

        JsonNode answer = IngestHttp.body(http.postEvents(List.of(
                noise(chain, t.minusSeconds(10)), chain.reverseShell(t.minusSeconds(45)).get(0))));

        assertThat(answer.get("late").asInt()).isEqualTo(1);
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
    }

    @Test
    void onlyIngestKeysMayPost() {
        byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
        assertThat(http.postAs(null, body, "application/json").statusCode()).isEqualTo(401);
        assertThat(http.postAs(TestApiKeys.header(TestApiKeys.VIEWER), body, "application/json").statusCode())
                .isEqualTo(403);
        assertThat(http.postAs(TestApiKeys.header(TestApiKeys.ADMIN), body, "application/json").statusCode())
                .isEqualTo(200);
    }

    @Test
    void otherContentTypesAreUnsupported() {
        HttpResponse<String> response = http.post("{}".getBytes(StandardCharsets.UTF_8), "text/plain");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void malformedBodyIsABadRequestNamingWhere() {
        HttpResponse<String> response = http.postJson("[{\"@timestamp\": \"2026-11-27T10:00:00Z\",]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(IngestHttp.body(response).get("detail").asString()).contains("line 1, column");
    }

    @FunctionalInterface
    interface NearMiss {
        List<JsonNode> events(Chain chain, Instant start);
    }

    private static JsonNode noise(Chain chain, Instant at) {
        ObjectNode event = (ObjectNode) chain.suspiciousExec("/usr/bin/ls", "bash", at);
        return event;
    }

    private static String id(JsonNode event) {
        return event.at("/event/id").asString();
    }

    private static List<JsonNode> shuffled(List<JsonNode> events, long seed) {
        List<JsonNode> copy = new ArrayList<>(events);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }
}
