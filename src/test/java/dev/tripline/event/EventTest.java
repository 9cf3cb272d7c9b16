package dev.tripline.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EventTest {

    private static final ObjectNode DOCUMENT = (ObjectNode) JsonMapper.builder().build().readTree("""
            {"@timestamp": "2026-01-01T00:00:00Z", "a": {"b": 1, "c": [1, 2], "d.e": "x"}, "f.g": null,
             "h": [{"i": "p"}, {"i": "q"}], "j": "k"}
            """);

    @Test
    void rememberedFieldsAgreeWithResolvingEveryTime() {
        List<FieldPath> paths = new ArrayList<>();
        for (String name : List.of("a", "a.b", "a.c", "a.d.e", "f.g", "h.i", "j", "missing", "a.missing", "x.y.z")) {
            paths.add(FieldPath.of(name));
        }
        for (int i = 0; i < 200; i++) {
            paths.add(FieldPath.of("field" + i));
        }
        Event event = Event.of(DOCUMENT, 0);
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            FieldPath path = paths.get(random.nextInt(paths.size()));
            JsonNode expected = path.resolve(DOCUMENT);
            JsonNode actual = event.get(random.nextBoolean() ? path : FieldPath.of(path.toString()));
            assertThat(actual).as(path.toString()).isEqualTo(expected);
        }
    }

    @Test
    void eventsOfTheSameDocumentDoNotShareRememberedFields() {
        ObjectNode document = DOCUMENT.deepCopy();
        FieldPath j = FieldPath.of("j");
        assertThat(Event.of(document, 0).get(j).asString()).isEqualTo("k");
        document.put("j", "changed");
        assertThat(Event.of(document, 0).get(j).asString()).isEqualTo("changed");
    }
}
