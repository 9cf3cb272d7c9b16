package dev.tripline.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
    void getReadsEveryLayoutOfTheDocument() {
        Event event = Event.of(DOCUMENT, 0);
        for (String name : List.of("a", "a.b", "a.c", "a.d.e", "f.g", "h.i", "j", "missing", "a.missing", "x.y.z")) {
            FieldPath path = FieldPath.of(name);
            JsonNode expected = path.resolve(DOCUMENT);
            assertThat(event.get(path)).as(name).isEqualTo(expected);
        }
        assertThat(event.get(FieldPath.of("a.d.e")).asString()).isEqualTo("x");
        assertThat(event.get(FieldPath.of("f.g")).isNull()).isTrue();
        assertThat(event.get(FieldPath.of("h.i")).toString()).isEqualTo("[\"p\",\"q\"]");
    }

    @Test
    void anEventSeesItsDocumentAsItIsNow() {
        ObjectNode document = DOCUMENT.deepCopy();
        Event event = Event.of(document, 0);
        FieldPath j = FieldPath.of("j");
        assertThat(event.get(j).asString()).isEqualTo("k");
        document.put("j", "changed");
        assertThat(event.get(j).asString()).isEqualTo("changed");
    }
}
