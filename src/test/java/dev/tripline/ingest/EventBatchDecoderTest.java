package dev.tripline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import dev.tripline.event.FieldRegistry;
import dev.tripline.web.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class EventBatchDecoderTest {

    private final EventBatchDecoder decoder = new EventBatchDecoder(5, 32, 1_000, Event.DEFAULT_TIMESTAMP,
            FieldRegistry.withDefaults());

    @Test
    void decodesAJsonArrayKeepingEachEventsIndex() {
        DecodedBatch batch = decoder.decodeJson(bytes("""
                [{"@timestamp":"2026-11-27T10:00:00Z","event":{"id":"a"}},
                 {"@timestamp":"2026-11-27T10:00:01.5Z","event":{"id":"b"}}]"""));

        assertThat(batch.received()).isEqualTo(2);
        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.events()).extracting(e -> e.index() + ":" + e.event().key()).containsExactly("0:a", "1:b");
        assertThat(batch.events().get(1).event().timestampNanos() - batch.events().get(0).event().timestampNanos())
                .isEqualTo(1_500_000_000L);
    }

    @Test
    void decodesOnlyTheBodyAtTheStartOfALongerArrayWhateverFollowsIt() {
        for (String body : new String[] {
                "[{\"@timestamp\":1,\"event\":{\"id\":\"a\"}},{\"@timestamp\":2,\"event\":{\"id\":\"b\"}}]",
                "{\"events\":[{\"@timestamp\":1,\"event\":{\"id\":\"a\"}}]}",
                "{\"@timestamp\":1,\"event\":{\"id\":\"a\"}}",
                "{\"events\":1,\"events\":[{\"@timestamp\":1,\"event\":{\"id\":\"a\"}}]}",
                "[{\"@timestamp\":1,\"event\":{\"id\":\"a\"}}, {\"\\u0040timestamp\":2}]"}) {
            byte[] exact = bytes(body);
            // what a kept array holds after the body: another batch's bytes, here one that would not parse
            byte[] longer = bytes(body + ",{\"@timestamp\":3,\"event\":{\"id\":\"z\"}}]]");

            DecodedBatch alone = decoder.decodeJson(exact);
            DecodedBatch inLonger = decoder.decodeJson(longer, exact.length);

            assertThat(describe(inLonger)).as(body).isEqualTo(describe(alone));
            assertThat(inLonger.events()).allSatisfy(e -> assertThat(e.event().document().toString())
                    .doesNotContain("\"z\""));
        }
    }

    @Test
    void decodesOnlyTheNdjsonAtTheStartOfALongerArray() {
        String body = "{\"@timestamp\":1,\"event\":{\"id\":\"a\"}}\n{\"@timestamp\":2,\"event\":{\"id\":\"b\"}}";
        byte[] longer = bytes(body + "xx\n{\"@timestamp\":3,\"event\":{\"id\":\"c\"}}\n");

        DecodedBatch batch = decoder.decodeNdjson(longer, bytes(body).length);

        assertThat(describe(batch)).isEqualTo(describe(decoder.decodeNdjson(bytes(body))));
        assertThat(batch.events()).extracting(e -> e.event().key()).containsExactly("a", "b");
    }

    @Test
    void aMalformedBodyAtTheStartOfALongerArrayIsRefusedWhereItBreaksOff() {
        byte[] longer = bytes("[{\"@timestamp\":1}" + "]");

        assertThatThrownBy(() -> decoder.decodeJson(longer, longer.length - 1))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(HttpStatus.BAD_REQUEST));
    }

    private static String describe(DecodedBatch batch) {
        StringBuilder text = new StringBuilder().append(batch.received()).append(' ');
        batch.events().forEach(e -> text.append(e.index()).append(':').append(e.event().key()).append('@')
                .append(e.event().timestampNanos()).append(e.event().document()).append(' '));
        batch.rejected().forEach(r -> text.append(r.index()).append('!').append(r.reason()).append(' '));
        return text.toString();
    }

    @Test
    void decodesTheEventsWrapperAndASingleEvent() {
        assertThat(decoder.decodeJson(bytes("{\"events\":[{\"@timestamp\":1},{\"@timestamp\":2}]}")).events()).hasSize(2);
        DecodedBatch single = decoder.decodeJson(bytes("{\"@timestamp\":1, \"events\": 3}"));
        assertThat(single.received()).isEqualTo(1);
        assertThat(single.events()).hasSize(1);
    }

    @Test
    void decodesCompactEventsWithTheRegisteredFieldsInSlots() {
        FieldRegistry fields = FieldRegistry.withDefaults();
        fields.register(FieldPath.of("process.name"));
        EventBatchDecoder compact = new EventBatchDecoder(5, 32, 1_000, Event.DEFAULT_TIMESTAMP, fields);

        DecodedBatch batch = compact.decodeNdjson(bytes("""
                {"@timestamp":"2026-11-27T10:00:00Z","process":{"name":"bash","pid":7}}
                {"@timestamp":"2026-11-27T10:00:01Z","process.name":"sh"}
                """));

        assertThat(batch.events()).allSatisfy(e -> assertThat(e.event().isCompact()).isTrue());
        assertThat(batch.events()).extracting(e -> e.event().get(FieldPath.of("process.name")).stringValue())
                .containsExactly("bash", "sh");
        assertThat(batch.events().get(0).event().get(FieldPath.of("process.pid")).intValue()).isEqualTo(7);
        assertThat(batch.events().get(1).event().document().toString())
                .isEqualTo("{\"@timestamp\":\"2026-11-27T10:00:01Z\",\"process.name\":\"sh\"}");
    }

    @Test
    void anEventWithAnEventsArrayOfItsOwnIsOneEventHoweverLongTheArray() {
        DecodedBatch batch = decoder.decodeJson(bytes("{\"events\":[{},{},{},{},{},{},{}],\"@timestamp\":1}"));
        assertThat(batch.received()).isEqualTo(1);
        assertThat(batch.events()).singleElement().satisfies(e -> assertThat(e.event().document().path("events")
                .size()).isEqualTo(7));
    }

    @Test
    void aRepeatedEventsKeyReadsAsTheParsedTreeDoesTheLastWins() {
        DecodedBatch batch = decoder.decodeJson(bytes("{\"events\":1,\"events\":[{\"@timestamp\":1},"
                + "{\"@timestamp\":2}]}"));
        assertThat(batch.received()).isEqualTo(2);
        assertThat(batch.events()).extracting(e -> e.event().timestampNanos()).containsExactly(1_000_000L,
                2_000_000L);
        assertThatThrownBy(() -> decoder.decodeJson(bytes("{\"events\":[{},{},{},{},{},{}]}")))
                .isInstanceOf(ApiException.class).hasMessageContaining("at most 5 events");
    }

    @Test
    void rejectsInvalidEventsByIndexAndKeepsTheRest() {
        DecodedBatch batch = decoder.decodeJson(bytes("""
                [{"@timestamp":"2026-11-27T10:00:00Z"}, 42, {"message":"no time"},
                 {"@timestamp":"yesterday"}, {"@timestamp":1764237600000}]"""));

        assertThat(batch.received()).isEqualTo(5);
        assertThat(batch.events()).extracting(DecodedBatch.IndexedEvent::index).containsExactly(0, 4);
        assertThat(batch.rejected()).extracting(DecodedBatch.Rejection::index).containsExactly(1, 2, 3);
        assertThat(batch.rejected().get(0).reason()).isEqualTo("event must be a JSON object");
        assertThat(batch.rejected().get(1).reason()).isEqualTo("missing @timestamp");
        assertThat(batch.rejected().get(2).reason()).startsWith("@timestamp: unparseable timestamp 'yesterday'");
    }

    @Test
    void refusesMalformedJsonNamingLineAndColumn() {
        assertThatThrownBy(() -> decoder.decodeJson(bytes("[{\"@timestamp\":1},\n {\"@timestamp\": }]")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.slug()).isEqualTo("malformed-body");
                    assertThat(e.getMessage()).contains("at line 2, column 17");
                    assertThat(e.properties()).containsEntry("line", 2);
                });
    }

    @Test
    void refusesTrailingContentAndUnclosedArrays() {
        assertThatThrownBy(() -> decoder.decodeJson(bytes("[{\"@timestamp\":1}] {\"@timestamp\":2}")))
                .hasMessageContaining("Unexpected content after the end");
        assertThatThrownBy(() -> decoder.decodeJson(bytes("[{\"@timestamp\":1}")))
                .isInstanceOf(ApiException.class).hasMessageContaining("line 1");
    }

    @Test
    void refusesEmptyAndScalarBodies() {
        assertThatThrownBy(() -> decoder.decodeJson(bytes("  "))).hasMessageContaining("body is empty");
        assertThatThrownBy(() -> decoder.decodeJson(bytes("\"event\""))).hasMessageContaining("not a string");
    }

    @Test
    void rejectsBatchLargerThanLimit() {
        assertThatThrownBy(() -> decoder.decodeJson(bytes("[{},{},{},{},{},{}]")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
                    assertThat(e.getMessage()).contains("at most 5 events");
                });
        assertThatThrownBy(() -> decoder.decodeNdjson(bytes("{}\n{}\n{}\n{}\n{}\n{}\n")))
                .isInstanceOf(ApiException.class).hasMessageContaining("at most 5 events");
    }

    @Test
    void refusesNestingDeeperThanLimitAndStringsLongerThanLimit() {
        String deep = "[{\"@timestamp\":1,\"a\":" + "[".repeat(40) + "]".repeat(40) + "}]";
        assertThatThrownBy(() -> decoder.decodeJson(bytes(deep)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getMessage()).containsIgnoringCase("nesting depth");
                });
        String longString = "[{\"@timestamp\":1,\"message\":\"" + "x".repeat(1_001) + "\"}]";
        assertThatThrownBy(() -> decoder.decodeJson(bytes(longString)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
                    assertThat(e.getMessage()).containsIgnoringCase("string value length");
                });
    }

    @Test
    void ndjsonRejectsABrokenLineAloneAndSkipsBlankLines() {
        DecodedBatch batch = decoder.decodeNdjson(bytes("""
                {"@timestamp":"2026-11-27T10:00:00Z","event":{"id":"a"}}

                {"@timestamp": oops}\r
                {"@timestamp":"2026-11-27T10:00:02Z","event":{"id":"c"}}"""));

        assertThat(batch.received()).isEqualTo(3);
        assertThat(batch.events()).extracting(e -> e.event().key()).containsExactly("a", "c");
        assertThat(batch.rejected()).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.reason()).startsWith("line 3, column").contains("not JSON");
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
