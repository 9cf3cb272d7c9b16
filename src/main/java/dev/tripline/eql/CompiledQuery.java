package dev.tripline.eql;

import dev.tripline.event.FieldPath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

    /**
     * Every field the query reads (as far as its predicates tell): the category field, the stages' conditions and
     * the join keys, so that decoders can extract them up front.
     */
    public List<FieldPath> fields() {
        Set<FieldPath> fields = new LinkedHashSet<>();
        if (categories != null) {
            fields.add(categories.field());
        }
        for (CompiledStage stage : allStages()) {
            addFields(stage, fields);
        }
        return List.copyOf(fields);
    }

    /**
     * The strings the stages are dispatched by and must find, the query's own instances: their categories and the
     * values of their required terms ({@code event.action == "exec"}, {@code host.os.type == "linux"}), each once.
     */
    public List<String> comparedStrings() {
        Set<String> strings = new LinkedHashSet<>();
        for (CompiledStage stage : allStages()) {
            if (stage.category() != null) {
                strings.add(stage.category());
            }
            if (stage.condition() != null) {
                for (EventPredicate.Term term : stage.condition().requiredTerms()) {
                    strings.addAll(term.values());
                }
            }
        }
        return List.copyOf(strings);
    }

    /** The stages, then the {@code until} stage if there is one. */
    private List<CompiledStage> allStages() {
        if (until == null) {
            return stages;
        }
        List<CompiledStage> all = new ArrayList<>(stages);
        all.add(until);
        return all;
    }

    private static void addFields(CompiledStage stage, Set<FieldPath> fields) {
        if (stage.condition() != null) {
            fields.addAll(stage.condition().fields());
        }
        for (JoinKeyField key : stage.joinKeys()) {
            if (key.expression() == null) {
                fields.add(key.field());
            }
        }
    }
}
