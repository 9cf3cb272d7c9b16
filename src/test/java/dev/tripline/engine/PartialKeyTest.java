package dev.tripline.engine;

import static dev.tripline.engine.TestEvents.sequenceAbc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.event.Event;
import dev.tripline.event.EventDecoder;
import dev.tripline.event.FieldPath;
import dev.tripline.event.FieldRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PartialKeyTest {

    private final RuleProgram rule = program("r");

    @Test
    void keysOfEqualValuesAreEqualWhateverTheStringInstances() {
        PartialKey a = key(rule, new String("host-1"), new String("entity-9"));
        PartialKey b = key(rule, new String("host-1"), new String("entity-9"));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.values()).containsExactly("host-1", "entity-9");
    }

    @Test
    void keysOfDifferentValuesOrOrderOrRuleDiffer() {
        PartialKey key = key(rule, "host-1", "entity-9");

        assertThat(key).isNotEqualTo(key(rule, "host-1", "entity-8"));
        assertThat(key).isNotEqualTo(key(rule, "entity-9", "host-1"));
        assertThat(key).isNotEqualTo(key(rule, "host-1"));
        assertThat(key).isNotEqualTo(key(rule, "host-1", "entity-9", "more"));
        assertThat(key).as("a replaced rule never shares keys with its successor")
                .isNotEqualTo(key(program("r"), "host-1", "entity-9"));
    }

    @Test
    void valuesOfDifferentTypesWithTheSameTextDiffer() {
        assertThat(key(rule, "7")).isNotEqualTo(key(rule, 7L));
        assertThat(key(rule, 7L)).isNotEqualTo(key(rule, 7.0d)).isEqualTo(key(rule, 7L));
        assertThat(key(rule, "true")).isNotEqualTo(key(rule, Boolean.TRUE));
        assertThat(key(rule, "null")).as("a missing optional value").isNotEqualTo(key(rule, JoinKeys.MISSING));
        assertThat(key(rule, JoinKeys.MISSING)).isEqualTo(key(rule, JoinKeys.MISSING));
    }

    @Test
    void multiValuedKeysCompareElementByElement() {
        assertThat(key(rule, List.of("a, b", "c"))).as("the same text when printed")
                .isNotEqualTo(key(rule, List.of("a", "b, c")));
        assertThat(key(rule, List.of("a", "b"))).isEqualTo(key(rule, List.of("a", "b")))
                .isNotEqualTo(key(rule, List.of("b", "a")))
                .isNotEqualTo(key(rule, "[a, b]"));
    }

    @Test
    void aDecodedEventsKeyFromItsHostFingerprintEqualsTheKeyFromTheHostsText() {
        // the rule joins by host.id first; a decoded event's key starts from the fingerprint the decoder took of its
        // host, a tree event's from the host's string: a partial from either must be found by the other
        FieldRegistry fields = FieldRegistry.withDefaults();
        fields.registerAll(List.of(FieldPath.of("host.id"), FieldPath.of("process.entity_id")));
        fields.partitionBy(FieldPath.of("host.id"));
        EventDecoder decoder = new EventDecoder(fields, JsonMapper.builder().build(), Event.DEFAULT_TIMESTAMP);
        Object[] scratch = new Object[2];
        for (String host : List.of("\"host-1\"", "[\"host-1\"]", "\"h\u00f6st\"", "\"\"")) {
            String json = "{\"@timestamp\": 1, \"host\": {\"id\": " + host
                    + "}, \"process\": {\"entity_id\": \"e-9\"}}";
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            Event compact = decoder.session().decodeBytes(body, 0, body.length, 0);
            Event tree = Event.from(JsonMapper.builder().build().readTree(json));

            assertThat(compact.isPartitionedBy(FieldPath.of("host.id"))).as(host).isTrue();
            PartialKey fromDecoder = rule.keyOf(rule.keyGroups[0], compact, scratch);
            PartialKey fromText = rule.keyOf(rule.keyGroups[0], tree, scratch);
            assertThat(fromDecoder).as(host).isEqualTo(fromText).hasSameHashCodeAs(fromText);
            assertThat(fromDecoder.values()).isEqualTo(fromText.values());
        }
    }

    private static PartialKey key(RuleProgram rule, Object... values) {
        return PartialKey.of(rule, values, values.length);
    }

    private static RuleProgram program(String id) {
        return new RuleProgram(new RuleSpec(id, 1, sequenceAbc(1000)), new RuleCounterCells(id));
    }
}
