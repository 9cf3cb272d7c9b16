package dev.tripline.engine;

import dev.tripline.eql.CompiledStage;
import dev.tripline.eql.EventPredicate;
import dev.tripline.eql.EventPredicate.Term;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The installed rules, laid out so that an event only meets the stage conditions that could hold for it:
 *
 * <ol>
 *   <li>by category: per category field and value, the (rule, stage) probes of that category; {@code any where}
 *       stages in a set of their own;</li>
 *   <li>by required term: a stage whose condition can only hold when some field has one of a few exact values
 *       ({@code event.action == "exec"}, {@code process.name in ("bash", "sh")}; see
 *       {@link EventPredicate#requiredTerms()}) is filed under those values, and an event meets it only when it has
 *       one of them (as the field's value or as an element of it). With hundreds of rules a process event then tries
 *       the few stages about its own action and name instead of every process stage. The filing never changes an
 *       answer: a term is the predicate's own promise that it is false for an event without one of the values.</li>
 * </ol>
 *
 * Each probe's condition runs at most once per event, however many partial matches exist. Immutable: installing or
 * removing a rule builds a new one, and a batch keeps the one it started with.
 */
final class Dispatch {

    static final Dispatch EMPTY = new Dispatch(new RuleProgram[0], true);
    /** Every stage of a category met by every event of it: the reference the term index must agree with. */
    static final Dispatch EMPTY_UNINDEXED = new Dispatch(new RuleProgram[0], false);

    /**
     * Fields a term is never filed under: they hold one value for nearly every event (the operating system, the
     * event kind, the data stream), so an index on them would sort nothing out.
     */
    private static final Set<String> UNSELECTIVE = Set.of("host.os.type", "host.os.family", "host.os.name",
            "host.os.platform", "event.category", "event.kind", "event.module", "event.dataset", "data_stream.dataset",
            "data_stream.type", "data_stream.namespace", "agent.type", "ecs.version");
    /** Fields with few values, each shared by many events: filed under only when nothing more specific is there. */
    private static final Set<String> COARSE = Set.of("event.type", "event.outcome", "network.direction",
            "network.transport", "network.type");

    /** One stage condition of one rule. */
    static final class Probe {
        final int rule;
        final int bit;
        final EventPredicate condition;

        Probe(int rule, int bit, EventPredicate condition) {
            this.rule = rule;
            this.bit = bit;
            this.condition = condition;
        }
    }

    /** The probes of one category (or of {@code any where}): those filed under a term, and the rest. */
    static final class ProbeSet {
        final Probe[] always;
        final FieldPath[] indexed;
        final List<StringIndex<Probe[]>> byValue;
        /** the rules that see an event of this category (its own and the {@code any where} ones), each once */
        final int[] seenBy;
        /** where a batch counts the events of this category alone ({@link BatchBuffers#seenByGroup}) */
        final int group;

        ProbeSet(List<Probe> probes, int[] seenBy, int group, boolean indexTerms) {
            this.seenBy = seenBy;
            this.group = group;
            List<Probe> unfiled = new ArrayList<>();
            Map<FieldPath, Map<String, List<Probe>>> filed = new LinkedHashMap<>();
            for (Probe probe : probes) {
                Term term = indexTerms ? indexTerm(probe.condition) : null;
                if (term == null) {
                    unfiled.add(probe);
                    continue;
                }
                Map<String, List<Probe>> values = filed.computeIfAbsent(term.field(), f -> new HashMap<>());
                for (String value : term.values()) {
                    values.computeIfAbsent(value, v -> new ArrayList<>()).add(probe);
                }
            }
            this.always = unfiled.toArray(Probe[]::new);
            this.indexed = filed.keySet().toArray(FieldPath[]::new);
            this.byValue = new ArrayList<>();
            for (Map<String, List<Probe>> values : filed.values()) {
                Map<String, Probe[]> frozen = new HashMap<>();
                values.forEach((value, list) -> frozen.put(value, list.toArray(Probe[]::new)));
                byValue.add(new StringIndex<>(frozen));
            }
        }
    }

    final RuleProgram[] rules;
    /** whether stages are filed under their required terms (off only to check that filing changes nothing) */
    final boolean indexTerms;
    private final FieldPath[] categoryFields;
    private final List<StringIndex<ProbeSet>> byCategory;
    private final ProbeSet anyProbes;
    /**
     * The rules that see each group of events: group 0 the events of no category any rule asks for (seen by the
     * {@code any where} rules only), then one group per category.
     */
    final int[][] groups;
    final int maxKeyArity;
    final int maxKeyGroups;

    private Dispatch(RuleProgram[] rules, boolean indexTerms) {
        this.rules = rules;
        this.indexTerms = indexTerms;
        Map<FieldPath, Map<String, List<Probe>>> byField = new LinkedHashMap<>();
        List<Probe> any = new ArrayList<>();
        Set<Integer> anyRules = new LinkedHashSet<>();
        int arity = 0;
        int keyGroups = 0;
        for (int r = 0; r < rules.length; r++) {
            RuleProgram rule = rules[r];
            arity = Math.max(arity, rule.maxKeyArity());
            keyGroups = Math.max(keyGroups, rule.keyGroups.length);
            int bits = rule.stages.size() + (rule.until != null ? 1 : 0);
            for (int b = 0; b < bits; b++) {
                CompiledStage stage = rule.stageForBit(b);
                int bit = 1 << b;
                Probe probe = new Probe(r, bit, stage.condition());
                if (stage.category() == null) {
                    any.add(probe);
                    anyRules.add(r);
                } else {
                    byField.computeIfAbsent(rule.categories.field(), f -> new HashMap<>())
                            .computeIfAbsent(stage.category(), c -> new ArrayList<>())
                            .add(probe);
                }
            }
        }
        List<int[]> seenGroups = new ArrayList<>();
        seenGroups.add(toArray(anyRules));
        this.anyProbes = new ProbeSet(any, seenGroups.get(0), 0, indexTerms);
        this.categoryFields = byField.keySet().toArray(FieldPath[]::new);
        this.byCategory = new ArrayList<>();
        for (Map<String, List<Probe>> table : byField.values()) {
            Map<String, ProbeSet> frozen = new HashMap<>();
            table.forEach((category, probes) -> {
                Set<Integer> seenBy = new LinkedHashSet<>();
                probes.forEach(p -> seenBy.add(p.rule));
                seenBy.addAll(anyRules);
                int[] group = toArray(seenBy);
                seenGroups.add(group);
                frozen.put(category, new ProbeSet(probes, group, seenGroups.size() - 1, indexTerms));
            });
            byCategory.add(new StringIndex<>(frozen));
        }
        this.groups = seenGroups.toArray(int[][]::new);
        this.maxKeyArity = arity;
        this.maxKeyGroups = keyGroups;
    }

    private static int[] toArray(Set<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The term to file a condition under: the most specific field's (a name, a path) before an action, an action
     * before a coarse field (a type, an outcome); among equals, the one with fewer values. {@code null}: none.
     */
    static Term indexTerm(EventPredicate condition) {
        Term best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Term term : condition.requiredTerms()) {
            String field = term.field().toString();
            if (UNSELECTIVE.contains(field) || term.values().isEmpty()) {
                continue;
            }
            int rank = (COARSE.contains(field) ? 2_000_000 : field.equals("event.action") ? 1_000_000 : 0)
                    + term.values().size();
            if (rank < bestRank) {
                best = term;
                bestRank = rank;
            }
        }
        return best;
    }

    Dispatch with(RuleProgram added) {
        List<RuleProgram> list = new ArrayList<>();
        for (RuleProgram rule : rules) {
            if (!rule.ruleId().equals(added.ruleId())) {
                list.add(rule);
            }
        }
        list.add(added);
        return new Dispatch(list.toArray(RuleProgram[]::new), indexTerms);
    }

    Dispatch without(String ruleId) {
        List<RuleProgram> list = new ArrayList<>();
        for (RuleProgram rule : rules) {
            if (!rule.ruleId().equals(ruleId)) {
                list.add(rule);
            }
        }
        return new Dispatch(list.toArray(RuleProgram[]::new), indexTerms);
    }

    /** How many stage conditions are filed under a term (each once, however many values it has). */
    int filedProbes() {
        int filed = 0;
        List<ProbeSet> sets = new ArrayList<>();
        sets.add(anyProbes);
        byCategory.forEach(table -> sets.addAll(table.values()));
        for (ProbeSet set : sets) {
            Set<Probe> probes = new java.util.HashSet<>();
            set.byValue.forEach(values -> values.values().forEach(list -> probes.addAll(List.of(list))));
            filed += probes.size();
        }
        return filed;
    }

    RuleProgram find(String ruleId) {
        for (RuleProgram rule : rules) {
            if (rule.ruleId().equals(ruleId)) {
                return rule;
            }
        }
        return null;
    }

    /**
     * Tries the probes that could hold for the event. On return {@code b.touched[0..n)} holds the ordinals of the
     * rules with at least one stage hit, and {@code b.ruleHits[rule]} their stage bits (the caller resets them).
     * Unless the event is {@code late}, counts it as seen for every rule that asks for one of its categories (or for
     * any event): for an event of one category (nearly all) once for the category's group in
     * {@code b.seenByGroup}; for an event of several, rule by rule in {@code b.seenByRule}, so that a rule asking for
     * more than one of them counts the event once.
     *
     * @return n
     */
    int probe(Event event, boolean late, BatchBuffers b) {
        b.firstSet = null;
        b.markedCount = 0;
        int n = 0;
        for (int f = 0; f < categoryFields.length; f++) {
            JsonNode categories = event.get(categoryFields[f]);
            if (categories == null) {
                continue;
            }
            StringIndex<ProbeSet> table = byCategory.get(f);
            if (categories.isArray()) {
                for (int i = 0, size = categories.size(); i < size; i++) {
                    JsonNode category = categories.get(i);
                    if (category.isString()) {
                        n = category(table.get(category.stringValue()), event, late, b, n);
                    }
                }
            } else if (categories.isString()) {
                n = category(table.get(categories.stringValue()), event, late, b, n);
            }
        }
        if (!late) {
            if (b.markedCount == 0) {
                b.seenByGroup[b.firstSet == null ? 0 : b.firstSet.group]++;
            } else {
                for (int i = 0; i < b.markedCount; i++) {
                    b.seen[b.marked[i]] = false;
                }
            }
        }
        return run(anyProbes, event, b.touched, b.ruleHits, n);
    }

    /** Runs one category's probes; from the event's second category on, counts its rules one by one. */
    private static int category(ProbeSet set, Event event, boolean late, BatchBuffers b, int n) {
        if (set == null || set == b.firstSet) {
            return n;
        }
        if (b.firstSet == null) {
            b.firstSet = set;
        } else if (!late) {
            if (b.markedCount == 0) {
                mark(b.firstSet.seenBy, b);
            }
            mark(set.seenBy, b);
        }
        return run(set, event, b.touched, b.ruleHits, n);
    }

    private static void mark(int[] rules, BatchBuffers b) {
        for (int rule : rules) {
            if (!b.seen[rule]) {
                b.seen[rule] = true;
                b.seenByRule[rule]++;
                b.marked[b.markedCount++] = rule;
            }
        }
    }

    private static int run(ProbeSet set, Event event, int[] touched, int[] hits, int n) {
        n = run(set.always, event, touched, hits, n);
        FieldPath[] indexed = set.indexed;
        for (int f = 0; f < indexed.length; f++) {
            n = runFiled(set.byValue.get(f), event.get(indexed[f]), event, touched, hits, n);
        }
        return n;
    }

    /** The probes filed under the field's value, or under each string in it (arrays at any depth). */
    private static int runFiled(StringIndex<Probe[]> byValue, JsonNode value, Event event, int[] touched,
            int[] hits, int n) {
        if (value == null) {
            return n;
        }
        if (value.isString()) {
            return run(byValue.get(value.stringValue()), event, touched, hits, n);
        }
        if (value.isArray()) {
            for (int i = 0, size = value.size(); i < size; i++) {
                n = runFiled(byValue, value.get(i), event, touched, hits, n);
            }
        }
        return n;
    }

    private static int run(Probe[] probes, Event event, int[] touched, int[] hits, int n) {
        if (probes == null) {
            return n;
        }
        for (Probe probe : probes) {
            int rule = probe.rule;
            int ruleHits = hits[rule];
            if ((ruleHits & probe.bit) == 0 && probe.condition.test(event)) {
                if (ruleHits == 0) {
                    touched[n++] = rule;
                }
                hits[rule] = ruleHits | probe.bit;
            }
        }
        return n;
    }
}
