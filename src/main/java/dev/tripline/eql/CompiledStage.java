package dev.tripline.eql;

import dev.tripline.event.Event;
import java.util.List;

/**
 * One stage of a compiled query (the whole of an event query is one stage).
 *
 * @param index position in the query, from 0; an {@code until} stage has index -1
 * @param category the event category the stage requires ({@code process} in {@code process where ...}), or
 *     {@code null} for {@code any where}; the engine dispatches events on it, so {@code condition} does not test it
 * @param condition the stage's {@code where} condition, category test excluded
 * @param joinKeys the fields whose values must be equal across the stages of one sequence or sample: the query's
 *     shared {@code by} fields followed by this stage's own {@code by} fields; empty for an event query
 * @param runs how many consecutive events this stage takes ({@code with runs=N}); 1 when not given
 * @param missing whether this is a missing-event stage ({@code ![...]}): the sequence matches only if no such
 *     event occurs between its neighbouring stages
 */
public record CompiledStage(int index, String category, EventPredicate condition, List<JoinKeyField> joinKeys,
        int runs, boolean missing) {

    public CompiledStage {
        joinKeys = List.copyOf(joinKeys);
    }

    /** Category test and condition, for callers that do not dispatch by category themselves. */
    public boolean matches(Event event, CategoryMatcher categories) {
        return (category == null || categories.has(event, category)) && condition.test(event);
    }
}
