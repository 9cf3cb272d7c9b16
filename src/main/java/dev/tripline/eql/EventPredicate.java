package dev.tripline.eql;

import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A compiled condition over one event. Implementations are immutable and safe to share between threads. */
@FunctionalInterface
public interface EventPredicate {

    EventPredicate ALWAYS = event -> true;

    boolean test(Event event);

    /**
     * The fields this predicate reads, so that a decoder can extract them from each event up front (see
     * {@link dev.tripline.event.FieldRegistry}). Empty when unknown: the predicate still reads what it needs, from the
     * document, which is slower but gives the same answer.
     */
    default Collection<FieldPath> fields() {
        return List.of();
    }

    /**
     * Necessary conditions an engine may index the predicate under: for each term, the predicate can only hold for
     * an event in which the term's field has one of the term's values, as a string (or as a string element of an
     * array, at any depth). Empty when the predicate offers none; every term is a promise, never a guess.
     */
    default List<Term> requiredTerms() {
        return List.of();
    }

    /**
     * {@code field} must hold one of {@code values} (compared exactly, case-sensitively) for the predicate to hold.
     */
    record Term(FieldPath field, Set<String> values) {

        public Term {
            Objects.requireNonNull(field, "field");
            values = Set.copyOf(values);
        }
    }
}
