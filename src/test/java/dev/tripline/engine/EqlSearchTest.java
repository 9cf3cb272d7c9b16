package dev.tripline.engine;

import static dev.tripline.engine.TestEvents.sequence;
import static dev.tripline.engine.TestEvents.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.eql.CategoryMatcher;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.CompiledStage;
import dev.tripline.eql.JoinKeyField;
import dev.tripline.eql.Pipe;
import dev.tripline.eql.QueryKind;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class EqlSearchTest {

    private static CompiledQuery withPipes(CompiledQuery q, Pipe... pipes) {
        return new CompiledQuery(q.source(), q.kind(), q.categories(), q.stages(), q.until(), q.maxspanNanos(),
                List.of(pipes));
    }

    @Test
    void headAndTailKeepTheFirstAndLastSequencesInCompletionOrder() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.addAll(TestEvents.chain("h", "p" + i, i * 10L));
        }
        CompiledQuery abc = sequence(1000, "a", "b", "c");

        assertThat(EqlSearch.run(abc, events).sequences()).hasSize(5);
        assertThat(EqlSearch.run(withPipes(abc, new Pipe(Pipe.Kind.HEAD, 2)), events).sequences())
                .extracting(s -> s.joinKeys().get(1)).containsExactly("p0", "p1");
        assertThat(EqlSearch.run(withPipes(abc, new Pipe(Pipe.Kind.TAIL, 2)), events).sequences())
                .extracting(s -> s.joinKeys().get(1)).containsExactly("p3", "p4");
    }

    @Test
    void theTiebreakerOrdersEventsOfEqualTime() {
        Event b = step("b", "h", "p", 5);
        Event a = step("a", "h", "p", 5);
        ((ObjectNode) a.document()).put("seq", 1);
        ((ObjectNode) b.document()).put("seq", 2);
        CompiledQuery ab = sequence(1000, "a", "b");

        assertThat(EqlSearch.run(ab, List.of(b, a)).sequences()).as("input order: b before a").isEmpty();
        assertThat(EqlSearch.run(ab, List.of(b, a), FieldPath.of("seq")).sequences()).singleElement()
                .satisfies(s -> assertThat(s.events()).containsExactly(a, b));
    }

    @Test
    void aMissingEventStageShowsAsAnEmptyPlaceInTheSequence() {
        List<JoinKeyField> keys = List.of(new JoinKeyField(FieldPath.of("host.id"), false));
        CompiledStage a = new CompiledStage(0, "process", e -> "a".equals(e.document().path("step").asString()), keys,
                1, false);
        CompiledStage m = new CompiledStage(1, "process", e -> "m".equals(e.document().path("step").asString()), keys,
                1, true);
        CompiledStage c = new CompiledStage(2, "process", e -> "c".equals(e.document().path("step").asString()), keys,
                1, false);
        CompiledQuery query = new CompiledQuery("sequence by host.id [a] ![m] [c]", QueryKind.SEQUENCE,
                CategoryMatcher.DEFAULT, List.of(a, m, c), null, 0, List.of());
        Event first = step("a", "h", "p", 1);
        Event last = step("c", "h", "p", 3);

        SearchResult result = EqlSearch.run(query, List.of(first, last));

        assertThat(result.sequences()).singleElement().satisfies(s -> {
            assertThat(s.events()).containsExactly(first, null, last);
            assertThat(s.joinKeys()).containsExactly("h");
        });
        assertThat(EqlSearch.run(query, List.of(first, step("m", "h", "x", 2), last)).sequences()).isEmpty();
    }

    @Test
    void anEventQueryReturnsMatchingEventsInTimeOrder() {
        CompiledStage stage = new CompiledStage(0, "process", e -> "a".equals(e.document().path("step").asString()),
                List.of(), 1, false);
        CompiledQuery query = new CompiledQuery("process where step == \"a\"", QueryKind.EVENT,
                CategoryMatcher.DEFAULT, List.of(stage), null, 0, List.of(new Pipe(Pipe.Kind.TAIL, 2)));
        Event e1 = step("a", "h", "p", 1);
        Event e2 = step("a", "h", "p", 2);
        Event e3 = step("a", "h", "p", 3);

        SearchResult result = EqlSearch.run(query, List.of(e3, step("b", "h", "p", 0), e1, e2));

        assertThat(result.events()).containsExactly(e2, e3);
        assertThat(result.total()).isEqualTo(2);
    }
}
