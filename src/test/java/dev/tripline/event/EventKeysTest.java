package dev.tripline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class EventKeysTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void anEventIdIsTheKey() {
        assertThat(EventKeys.of(json("{\"event\":{\"id\":\"abc\"},\"x\":1}"))).isEqualTo("abc");
        assertThat(EventKeys.of(json("{\"event.id\":\"abc\"}"))).isEqualTo("abc");
        assertThat(EventKeys.of(json("{\"event\":{\"id\":42}}"))).isEqualTo("42");
    }

    @Test
    void withoutAnIdTheKeyIsAHashIndependentOfKeyOrder() {
        String a = EventKeys.of(json("{\"a\":1,\"b\":{\"c\":\"x\",\"d\":[1,2]}}"));
        String b = EventKeys.of(json("{\"b\":{\"d\":[1,2],\"c\":\"x\"},\"a\":1}"));
        assertThat(a).startsWith("sha256:").isEqualTo(b);
    }

    @Test
    void differentDocumentsHashDifferently() {
        assertThat(EventKeys.of(json("{\"a\":\"1\"}"))).isNotEqualTo(EventKeys.of(json("{\"a\":1}")));
        assertThat(EventKeys.of(json("{\"a\":[1,2]}"))).isNotEqualTo(EventKeys.of(json("{\"a\":[2,1]}")));
        assertThat(EventKeys.of(json("{\"ab\":\"c\"}"))).isNotEqualTo(EventKeys.of(json("{\"a\":\"bc\"}")));
    }

    @Test
    void anEmptyOrNonTextualIdFallsBackToTheHash() {
        assertThat(EventKeys.of(json("{\"event\":{\"id\":\"\"}}"))).startsWith("sha256:");
        assertThat(EventKeys.of(json("{\"event\":{\"id\":{\"x\":1}}}"))).startsWith("sha256:");
    }

    @Test
    void eventReadsItsTimestampAndComputesItsKeyOnce() {
        Event event = Event.from(json("{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"event\":{\"id\":\"k\"}}"));
        assertThat(event.timestampNanos()).isEqualTo(Timestamps.parse("2026-01-01T00:00:00Z"));
        assertThat(event.key()).isEqualTo("k").isSameAs(event.key());
        assertThat(Event.from(json("{\"@timestamp\":[\"2026-01-01T00:00:00Z\"]}")).timestampNanos())
                .isEqualTo(event.timestampNanos());
    }

    @Test
    void eventRefusesDocumentsWithoutAUsableTimestamp() {
        assertThatThrownBy(() -> Event.from(json("{}"))).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("@timestamp");
        assertThatThrownBy(() -> Event.from(json("{\"@timestamp\":\"soon\"}")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("@timestamp");
        assertThatThrownBy(() -> Event.from(json("[1]"))).isInstanceOf(InvalidEventException.class);
    }
}
