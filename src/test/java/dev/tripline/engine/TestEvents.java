package dev.tripline.engine;

import dev.tripline.eql.CategoryMatcher;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.CompiledStage;
import dev.tripline.eql.JoinKeyField;
import dev.tripline.eql.QueryKind;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Small events and rules for engine tests: stage events carry {@code step: "a" | "b" | "c"}. */
final class TestEvents {

    private static int serial;

    private TestEvents() {
    }

    /** An event of category {@code process} at {@code millis} for host and entity, taking part in {@code step}. */
    static Event step(String step, String host, String entity, long millis) {
        ObjectNode doc = TimelineSpec.JSON.createObjectNode();
        doc.put("@timestamp", millis);
        doc.putObject("event").put("category", "process").put("id", step + "-" + host + "-" + entity + "-" + millis
                + "-" + (serial++));
        doc.putObject("host").put("id", host);
        doc.putObject("process").put("entity_id", entity);
        doc.put("step", step);
        return Event.from(doc);
    }

    static CompiledQuery sequenceAbc(long maxspanMillis) {
        return sequence(maxspanMillis, "a", "b", "c");
    }

    static CompiledQuery sequence(long maxspanMillis, String... steps) {
        List<JoinKeyField> keys = List.of(new JoinKeyField(FieldPath.of("host.id"), false),
                new JoinKeyField(FieldPath.of("process.entity_id"), false));
        List<CompiledStage> stages = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            String wanted = steps[i];
            stages.add(new CompiledStage(i, "process", e -> wanted.equals(e.document().path("step").asString()), keys,
                    1, false));
        }
        return new CompiledQuery("sequence of " + String.join(",", steps), QueryKind.SEQUENCE, CategoryMatcher.DEFAULT,
                stages, null, maxspanMillis * 1_000_000L, List.of());
    }

    static List<Event> chain(String host, String entity, long startMillis) {
        return List.of(step("a", host, entity, startMillis), step("b", host, entity, startMillis + 1),
                step("c", host, entity, startMillis + 2));
    }
}
