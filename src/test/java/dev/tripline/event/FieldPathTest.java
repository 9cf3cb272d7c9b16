package dev.tripline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class FieldPathTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static JsonNode resolve(String path, String json) {
        return FieldPath.of(path).resolve(JSON.readTree(json));
    }

    @Test
    void resolvesNestedObjects() {
        assertThat(resolve("process.parent.name", "{\"process\":{\"parent\":{\"name\":\"bash\"}}}").asString())
                .isEqualTo("bash");
    }

    @Test
    void resolvesAFlattenedDottedKey() {
        assertThat(resolve("process.parent.name", "{\"process.parent.name\":\"bash\"}").asString()).isEqualTo("bash");
    }

    @Test
    void resolvesMixedNestingAndDottedKeysAtAnyLevel() {
        assertThat(resolve("process.parent.name", "{\"process\":{\"parent.name\":\"a\"}}").asString()).isEqualTo("a");
        assertThat(resolve("process.parent.name", "{\"process.parent\":{\"name\":\"b\"}}").asString()).isEqualTo("b");
        assertThat(resolve("a.b.c.d", "{\"a\":{\"b.c\":{\"d\":\"c\"}}}").asString()).isEqualTo("c");
    }

    @Test
    void prefersNestingWhenBothLayoutsHoldTheField() {
        assertThat(resolve("a.b", "{\"a\":{\"b\":1},\"a.b\":2}").intValue()).isEqualTo(1);
    }

    @Test
    void findsAFlattenedKeyNextToAnObjectWithTheSamePrefix() {
        assertThat(resolve("process.name", "{\"process\":{\"pid\":1},\"process.name\":\"x\"}").asString())
                .isEqualTo("x");
    }

    @Test
    void returnsArraysOfScalarsAsTheyAre() {
        JsonNode value = resolve("event.type", "{\"event\":{\"type\":[\"start\",\"change\"]}}");
        assertThat(value.isArray()).isTrue();
        assertThat(value.size()).isEqualTo(2);
    }

    @Test
    void collectsValuesThroughAnArrayOfObjects() {
        JsonNode value = resolve("dll.name", "{\"dll\":[{\"name\":\"a\"},{\"other\":1},{\"name\":[\"b\",\"c\"]},"
                + "{\"name\":null}]}");
        assertThat(value.isArray()).isTrue();
        assertThat(value.toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
    }

    @Test
    void anArrayOfObjectsWithoutTheFieldIsAbsent() {
        assertThat(resolve("dll.name", "{\"dll\":[{\"path\":\"a\"}]}")).isNull();
        assertThat(resolve("a.b", "{\"a\":[1,2]}")).isNull();
    }

    @Test
    void tellsJsonNullFromAbsence() {
        JsonNode present = resolve("process.name", "{\"process\":{\"name\":null}}");
        assertThat(present).isNotNull();
        assertThat(present.isNull()).isTrue();
        assertThat(resolve("process.name", "{\"process\":{}}")).isNull();
        assertThat(resolve("process.name", "{}")).isNull();
    }

    @Test
    void aScalarOnTheWayMeansAbsent() {
        assertThat(resolve("process.name.x", "{\"process\":{\"name\":\"bash\"}}")).isNull();
    }

    @Test
    void nonObjectDocumentsHaveNoFields() {
        assertThat(FieldPath.of("a").resolve(JSON.readTree("[1]"))).isNull();
        assertThat(FieldPath.of("a").resolve(null)).isNull();
    }

    @Test
    void equalityIsByDottedName() {
        assertThat(FieldPath.of("a.b")).isEqualTo(FieldPath.of("a.b")).hasSameHashCodeAs(FieldPath.of("a.b"));
        assertThat(FieldPath.of("a.b")).isNotEqualTo(FieldPath.of("a.c"));
        assertThat(FieldPath.of("a.b").segments()).containsExactly("a", "b");
    }

    @Test
    void refusesAnEmptyName() {
        assertThatThrownBy(() -> FieldPath.of("")).isInstanceOf(IllegalArgumentException.class);
    }
}
