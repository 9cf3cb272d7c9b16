package dev.tripline.eql;

import java.util.List;
import java.util.Objects;

/**
 * A parsed EQL query (the AST root). {@link #render()} gives EQL text that parses back to an equal query.
 */
public sealed interface Query {

    List<Pipe> pipes();

    QueryKind kind();

    default String render() {
        return EqlRenderer.render(this);
    }

    /** {@code process where ...} or {@code any where ...}, optionally piped. */
    record EventQuery(EventFilter filter, List<Pipe> pipes) implements Query {
        public EventQuery {
            Objects.requireNonNull(filter, "filter");
            pipes = List.copyOf(pipes);
        }

        @Override
        public QueryKind kind() {
            return QueryKind.EVENT;
        }
    }

    /**
     * {@code sequence [by keys] [with maxspan=span] stages [until stage]}.
     *
     * @param by the shared join keys ({@code sequence by a, b}), possibly empty
     * @param maxspan the span, or {@code null}
     * @param until the until stage, or {@code null}
     */
    record SequenceQuery(List<Expression> by, Span maxspan, List<Stage> stages, Stage until, List<Pipe> pipes)
            implements Query {
        public SequenceQuery {
            by = List.copyOf(by);
            stages = List.copyOf(stages);
            pipes = List.copyOf(pipes);
        }

        @Override
        public QueryKind kind() {
            return QueryKind.SEQUENCE;
        }
    }

    /** {@code sample [by keys] stages}: events sharing keys, in any order. */
    record SampleQuery(List<Expression> by, List<Stage> stages, List<Pipe> pipes) implements Query {
        public SampleQuery {
            by = List.copyOf(by);
            stages = List.copyOf(stages);
            pipes = List.copyOf(pipes);
        }

        @Override
        public QueryKind kind() {
            return QueryKind.SAMPLE;
        }
    }

    /** {@code category where condition}; {@code category} is {@code null} for {@code any}. */
    record EventFilter(String category, Expression condition) {
        public EventFilter {
            Objects.requireNonNull(condition, "condition");
        }
    }

    /**
     * One bracketed stage of a sequence or sample: {@code [filter] by keys with runs=N}, or a missing-event stage
     * {@code ![filter]}.
     */
    record Stage(EventFilter filter, List<Expression> by, int runs, boolean missing) {
        public Stage {
            Objects.requireNonNull(filter, "filter");
            by = List.copyOf(by);
        }

        public static Stage of(EventFilter filter, List<Expression> by) {
            return new Stage(filter, by, 1, false);
        }
    }

    /** A {@code maxspan} as written ({@code 60s} and {@code 1m} are different texts for the same span). */
    record Span(long amount, Unit unit) {

        public enum Unit {
            MILLISECONDS("ms", 1_000_000L),
            SECONDS("s", 1_000_000_000L),
            MINUTES("m", 60_000_000_000L),
            HOURS("h", 3_600_000_000_000L),
            DAYS("d", 86_400_000_000_000L);

            private final String symbol;
            private final long nanos;

            Unit(String symbol, long nanos) {
                this.symbol = symbol;
                this.nanos = nanos;
            }

            public String symbol() {
                return symbol;
            }

            public long nanos() {
                return nanos;
            }

            /** The unit written as {@code symbol}, or {@code null}. */
            public static Unit of(String symbol) {
                for (Unit unit : values()) {
                    if (unit.symbol.equals(symbol)) {
                        return unit;
                    }
                }
                return null;
            }
        }

        public Span {
            Objects.requireNonNull(unit, "unit");
            if (amount <= 0 || amount > Long.MAX_VALUE / unit.nanos) {
                throw new IllegalArgumentException("span out of range: " + amount + unit.symbol);
            }
        }

        public long nanos() {
            return amount * unit.nanos;
        }

        @Override
        public String toString() {
            return amount + unit.symbol;
        }
    }
}
