package dev.tripline.eql;

import java.util.List;

/**
 * A query compiled once into predicates, ready for the engine or a search.
 *
 * @param source the query text as written
 * @param kind event query, sequence or sample
 * @param categories how event categories are read (which field)
 * @param stages the stages in order (one for an event query)
 * @param until the {@code until} stage of a sequence, or {@code null}
 * @param maxspanNanos {@code with maxspan} in nanoseconds, or 0 when the sequence has none
 * @param pipes {@code head}/{@code tail} pipes in order
 */
public record CompiledQuery(String source, QueryKind kind, CategoryMatcher categories, List<CompiledStage> stages,
        CompiledStage until, long maxspanNanos, List<Pipe> pipes) {

    public CompiledQuery {
        stages = List.copyOf(stages);
        pipes = List.copyOf(pipes);
    }

    public boolean hasMaxspan() {
        return maxspanNanos > 0;
    }
}
