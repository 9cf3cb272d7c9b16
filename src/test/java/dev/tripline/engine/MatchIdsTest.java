package dev.tripline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.event.Event;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class MatchIdsTest {

    /**
     * Alert ids are stored: a client retrying a batch after an upgrade must get the id the earlier version gave. The
     * expected id was computed outside Java from the documented format (SHA-256 over the rule id and each event key,
     * each as a 4-byte big-endian UTF-8 length and its bytes; the first 128 bits with version 8 and variant 10 set).
     */
    @Test
    void theIdOfKnownEventsIsTheDocumentedDigestOfTheirLengthPrefixedKeys() {
        List<Event> events = List.of(withId("ev-a", 1), withId("ev-b", 2), withId("ünïcode-ev-c", 3));

        assertThat(MatchIds.of("rule-1", events)).isEqualTo("f2514185-0d1c-8330-905e-eb42a60edf60");
    }

    private static Event withId(String id, long millis) {
        ObjectNode doc = TimelineSpec.JSON.createObjectNode();
        doc.put("@timestamp", millis);
        doc.putObject("event").put("id", id);
        return Event.from(doc);
    }
}
