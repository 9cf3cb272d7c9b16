package dev.tripline.alerts;

import dev.tripline.support.DefendEvents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class AlertDocumentTest {

    private final DefendEvents.Chain chain = new DefendEvents.Chain("c8463b92f4de0750e1e0b95fa729226e",
            "k8s-node-69920", "PY+o85SKfKb4fs4Py0VddlUrhwKH1FeQc0oqNIVC==");

    @Test
    void seedChainReadsAsOneSentenceNamingBinaryParentDestinationShellHostAndUser() {
        AlertDocument document = AlertDocument.of(TestAlerts.alert(UUID.randomUUID(), TestAlerts.SEED_RULE_ID, chain,
                DefendEvents.T0));

        assertThat(document.reason()).isEqualTo("/tmp/.x1, started from sh, connected to 198.51.100.142:4444 and"
                + " spawned sh on host k8s-node-69920 as user ubuntu.");
    }

    @Test
    void hostUserProcessAndDestinationComeFromTheEcsFields() {
        AlertDocument document = AlertDocument.of(TestAlerts.alert(UUID.randomUUID(), TestAlerts.SEED_RULE_ID, chain,
                DefendEvents.T0));

        assertThat(document.hostId()).isEqualTo("c8463b92f4de0750e1e0b95fa729226e");
        assertThat(document.hostName()).isEqualTo("k8s-node-69920");
        assertThat(document.user().get("name").stringValue()).isEqualTo("ubuntu");
        assertThat(document.user().get("id").stringValue()).isEqualTo("1000");
        JsonNode process = document.process();
        assertThat(process.get("entity_id").stringValue()).isEqualTo("PY+o85SKfKb4fs4Py0VddlUrhwKH1FeQc0oqNIVC==");
        assertThat(process.get("executable").stringValue()).isEqualTo("/tmp/.x1");
        assertThat(process.get("name").stringValue()).isEqualTo(".x1");
        assertThat(process.get("pid").intValue()).isEqualTo(50910);
        assertThat(process.get("parent").get("name").stringValue()).isEqualTo("sh");
        assertThat(process.get("parent").get("executable").stringValue()).isEqualTo("/usr/bin/sh");
        assertThat(document.destination().get("ip").stringValue()).isEqualTo("198.51.100.142");
        assertThat(document.destination().get("port").intValue()).isEqualTo(4444);
    }

    @Test
    void eventTimesAndIdsFollowTheMatchedEventsInOrder() {
        NewAlert alert = TestAlerts.alert(UUID.randomUUID(), TestAlerts.SEED_RULE_ID, chain, DefendEvents.T0);

        AlertDocument document = AlertDocument.of(alert);

        assertThat(document.firstEventAt()).isEqualTo(DefendEvents.T0);
        assertThat(document.lastEventAt()).isEqualTo(DefendEvents.T0.plusMillis(200));
        assertThat(document.eventIds()).containsExactlyElementsOf(alert.events().stream().map(AlertEvent::key).toList());
    }

    @Test
    void flattenedDottedKeysAreReadLikeNestedObjects() {
        ObjectNode flat = DefendEvents.JSON.createObjectNode();
        flat.put("@timestamp", "2025-01-15T10:00:00Z");
        flat.putArray("event.category").add("network");
        flat.put("event.action", "connection_attempted");
        flat.put("host.name", "db-1");
        flat.put("process.executable", "/dev/shm/x");
        flat.put("destination.ip", "203.0.113.9");
        flat.put("destination.port", 53);

        AlertDocument document = AlertDocument.of(single(flat));

        assertThat(document.hostName()).isEqualTo("db-1");
        assertThat(document.destination().get("ip").stringValue()).isEqualTo("203.0.113.9");
        assertThat(document.reason()).isEqualTo("/dev/shm/x connected to 203.0.113.9:53 on host db-1.");
    }

    @Test
    void eventsWithoutHostUserOrProcessLeaveThoseParts() {
        ObjectNode bare = DefendEvents.JSON.createObjectNode();
        bare.put("@timestamp", "2025-01-15T10:00:00Z");

        AlertDocument document = AlertDocument.of(single(bare));

        assertThat(document.hostId()).isNull();
        assertThat(document.user()).isNull();
        assertThat(document.process()).isNull();
        assertThat(document.destination()).isNull();
        assertThat(document.reason()).isEqualTo("A process raised an event.");
    }

    private static NewAlert single(ObjectNode document) {
        return new NewAlert(UUID.randomUUID(), TestAlerts.rule("r-1"), List.of(),
                List.of(new AlertEvent("e-1", Instant.parse("2025-01-15T10:00:00Z"), document)));
    }
}
