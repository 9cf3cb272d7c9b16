package dev.tripline.engine;

import dev.tripline.eql.CompiledStage;
import dev.tripline.eql.EventPredicate;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The installed rules, laid out so that an event only meets the stage conditions of its own categories: per
 * category field and category value, the list of (rule, stage) probes to try; {@code any where} stages in a list of
 * their own. Each probe's condition runs once per event, however many partial matches exist. Immutable: installing
 * or removing a rule builds a new one, and a batch keeps the one it started with.
 */
final class Dispatch {

    static final Dispatch EMPTY = new Dispatch(new RuleProgram[0]);

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

    final RuleProgram[] rules;
    private final FieldPath[] categoryFields;
    private final List<Map<String, Probe[]>> byCategory;
    private final Probe[] anyProbes;
    final int maxKeyArity;
    final int maxKeyGroups;

    Dispatch(RuleProgram[] rules) {
        this.rules = rules;
        Map<FieldPath, Map<String, List<Probe>>> byField = new LinkedHashMap<>();
        List<Probe> any = new ArrayList<>();
        int arity = 0;
        int groups = 0;
        for (int r = 0; r < rules.length; r++) {
            RuleProgram rule = rules[r];
            arity = Math.max(arity, rule.maxKeyArity());
            groups = Math.max(groups, rule.keyGroups.length);
            int bits = rule.stages.size() + (rule.until != null ? 1 : 0);
            for (int b = 0; b < bits; b++) {
                CompiledStage stage = rule.stageForBit(b);
                int bit = b < rule.stages.size() ? 1 << b : rule.untilBit;
                Probe probe = new Probe(r, bit, stage.condition());
                if (stage.category() == null) {
                    any.add(probe);
                } else {
                    byField.computeIfAbsent(rule.categories.field(), f -> new HashMap<>())
                            .computeIfAbsent(stage.category(), c -> new ArrayList<>())
                            .add(probe);
                }
            }
        }
        this.categoryFields = byField.keySet().toArray(FieldPath[]::new);
        this.byCategory = new ArrayList<>();
        for (Map<String, List<Probe>> table : byField.values()) {
            Map<String, Probe[]> frozen = new HashMap<>();
            table.forEach((category, probes) -> frozen.put(category, probes.toArray(Probe[]::new)));
            byCategory.add(frozen);
        }
        this.anyProbes = any.toArray(Probe[]::new);
        this.maxKeyArity = arity;
        this.maxKeyGroups = groups;
    }

    Dispatch with(RuleProgram added) {
        List<RuleProgram> list = new ArrayList<>();
        for (RuleProgram rule : rules) {
            if (!rule.ruleId().equals(added.ruleId())) {
                list.add(rule);
            }
        }
        list.add(added);
        return new Dispatch(list.toArray(RuleProgram[]::new));
    }

    Dispatch without(String ruleId) {
        List<RuleProgram> list = new ArrayList<>();
        for (RuleProgram rule : rules) {
            if (!rule.ruleId().equals(ruleId)) {
                list.add(rule);
            }
        }
        return new Dispatch(list.toArray(RuleProgram[]::new));
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
     * Tries every probe the event's categories call for. On return {@code touched[0..n)} holds the ordinals of the
     * rules that had a probe, and {@code hits[rule]} the stage bits whose condition held (the caller resets them).
     *
     * @return n
     */
    int probe(Event event, int[] touched, int[] hits, boolean[] seen) {
        int n = 0;
        for (int f = 0; f < categoryFields.length; f++) {
            JsonNode categories = event.get(categoryFields[f]);
            if (categories == null) {
                continue;
            }
            Map<String, Probe[]> table = byCategory.get(f);
            if (categories.isArray()) {
                for (int i = 0; i < categories.size(); i++) {
                    JsonNode category = categories.get(i);
                    if (category.isString()) {
                        n = run(table.get(category.stringValue()), event, touched, hits, seen, n);
                    }
                }
            } else if (categories.isString()) {
                n = run(table.get(categories.stringValue()), event, touched, hits, seen, n);
            }
        }
        return run(anyProbes, event, touched, hits, seen, n);
    }

    private static int run(Probe[] probes, Event event, int[] touched, int[] hits, boolean[] seen, int n) {
        if (probes == null) {
            return n;
        }
        for (Probe probe : probes) {
            int rule = probe.rule;
            if (!seen[rule]) {
                seen[rule] = true;
                touched[n++] = rule;
            }
            if ((hits[rule] & probe.bit) == 0 && probe.condition.test(event)) {
                hits[rule] |= probe.bit;
            }
        }
        return n;
    }
}
