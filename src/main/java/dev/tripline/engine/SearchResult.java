package dev.tripline.engine;

import dev.tripline.eql.QueryKind;
import dev.tripline.event.Event;
import java.util.Collections;
import java.util.List;

/**
 * What a one-shot {@link EqlSearch} found: matching events for an event query, sequences (or samples) otherwise,
 * after the query's {@code head}/{@code tail} pipes.
 *
 * @param kind the query's kind
 * @param events for an event query, the matching events in event-time order; empty otherwise
 * @param sequences for a sequence or sample query, the matches in completion order; empty otherwise
 */
public record SearchResult(QueryKind kind, List<Event> events, List<Sequence> sequences) {

    public SearchResult {
        events = List.copyOf(events);
        sequences = List.copyOf(sequences);
    }

    /**
     * One sequence or sample.
     *
     * @param joinKeys the join key values ({@code null} for a missing optional key field)
     * @param events the events by stage position; {@code null} where a missing-event stage ({@code ![...]}) sits
     */
    public record Sequence(List<Object> joinKeys, List<Event> events) {

        public Sequence {
            joinKeys = Collections.unmodifiableList(new java.util.ArrayList<>(joinKeys));
            events = Collections.unmodifiableList(new java.util.ArrayList<>(events));
        }
    }

    public int total() {
        return kind == QueryKind.EVENT ? events.size() : sequences.size();
    }
}
