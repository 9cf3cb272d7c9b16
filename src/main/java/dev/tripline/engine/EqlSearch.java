package dev.tripline.engine;

import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.CompiledStage;
import dev.tripline.eql.Pipe;
import dev.tripline.eql.QueryKind;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One-shot evaluation of a query over a list of events, as {@code POST /_eql/search} does: for searches, rule previews
 * and conformance tests. It sorts the events (event time, then the tiebreaker field if given, then input order) and
 * runs the same state machines as the streaming engine; at the end of the data, candidates that waited for a trailing
 * missing-event stage are confirmed (nothing came).
 */
public final class EqlSearch {

    private EqlSearch() {
    }

    public static SearchResult run(CompiledQuery query, List<Event> events) {
        return run(query, events, null);
    }

    public static SearchResult run(CompiledQuery query, List<Event> events, FieldPath tiebreaker) {
        RuleProgram program = new RuleProgram(new RuleSpec("search", 0, query), new RuleCounterCells("search"), false);
        List<Event> sorted = sort(events, tiebreaker);
        int untilBit = program.untilBit;
        List<Event> found = new ArrayList<>();
        List<SearchResult.Sequence> sequences = new ArrayList<>();
        Map<PartialKey, Machine.Snapshot> states = new LinkedHashMap<>();
        StepContext context = new StepContext();
        Object[] keyValues = new Object[Math.max(1, program.maxKeyArity())];
        boolean[] missingPositions = missingPositions(query);
        PartialKey[] keys = new PartialKey[Math.max(1, program.keyGroups.length)];
        int[] masks = new int[keys.length];
        int[] nullKeys = new int[1];
        for (Event event : sorted) {
            int hits = 0;
            for (int s = 0; s < query.stages().size(); s++) {
                if (query.stages().get(s).matches(event, program.categories)) {
                    hits |= 1 << s;
                }
            }
            if (query.until() != null && query.until().matches(event, program.categories)) {
                hits |= untilBit;
            }
            if (hits == 0) {
                continue;
            }
            if (program.machine == null) {
                found.add(event);
                continue;
            }
            int keyed = program.keyedHits(event, hits, keyValues, keys, masks, nullKeys);
            for (int h = 0; h < keyed; h++) {
                PartialKey key = keys[h];
                Machine.Snapshot state = states.getOrDefault(key, program.machine.empty());
                states.put(key, program.machine.step(state, event, masks[h], context));
                collect(context, key, missingPositions, sequences);
            }
        }
        for (Map.Entry<PartialKey, Machine.Snapshot> entry : states.entrySet()) {
            program.machine.finish(entry.getValue(), context);
            collect(context, entry.getKey(), missingPositions, sequences);
        }
        if (program.machine == null) {
            return new SearchResult(QueryKind.EVENT, pipe(found, query.pipes()), List.of());
        }
        return new SearchResult(query.kind(), List.of(), pipe(sequences, query.pipes()));
    }

    private static void collect(StepContext context, PartialKey key, boolean[] missingPositions,
            List<SearchResult.Sequence> sequences) {
        for (Event[] completed : context.completions) {
            sequences.add(new SearchResult.Sequence(key.values(), withPlaceholders(completed, missingPositions)));
        }
        context.clear();
    }

    private static List<Event> withPlaceholders(Event[] positives, boolean[] missingPositions) {
        if (missingPositions.length == positives.length) {
            return Arrays.asList(positives);
        }
        List<Event> events = new ArrayList<>(missingPositions.length);
        int j = 0;
        for (boolean missing : missingPositions) {
            events.add(missing ? null : positives[j++]);
        }
        return events;
    }

    private static boolean[] missingPositions(CompiledQuery query) {
        if (query.kind() != QueryKind.SEQUENCE) {
            return new boolean[query.stages().size()];
        }
        List<Boolean> positions = new ArrayList<>();
        for (CompiledStage stage : query.stages()) {
            for (int r = 0; r < stage.runs(); r++) {
                positions.add(stage.missing());
            }
        }
        boolean[] result = new boolean[positions.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = positions.get(i);
        }
        return result;
    }

    private static List<Event> sort(List<Event> events, FieldPath tiebreaker) {
        List<Event> sorted = new ArrayList<>(events);
        Comparator<Event> order = Comparator.comparingLong(Event::timestampNanos);
        if (tiebreaker != null) {
            Map<Event, Object> values = new HashMap<>();
            order = order.thenComparing((a, b) -> compareValues(
                    values.computeIfAbsent(a, e -> JoinKeys.valueOf(e.get(tiebreaker))),
                    values.computeIfAbsent(b, e -> JoinKeys.valueOf(e.get(tiebreaker)))));
        }
        sorted.sort(order); // stable: input order breaks the remaining ties
        return sorted;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable comparable) {
            return comparable.compareTo(b);
        }
        return a.toString().compareTo(b.toString());
    }

    private static <T> List<T> pipe(List<T> results, List<Pipe> pipes) {
        List<T> out = results;
        for (Pipe pipe : pipes) {
            int n = Math.max(0, Math.min(pipe.count(), out.size()));
            out = pipe.kind() == Pipe.Kind.HEAD ? out.subList(0, n) : out.subList(out.size() - n, out.size());
        }
        return new ArrayList<>(out);
    }
}
