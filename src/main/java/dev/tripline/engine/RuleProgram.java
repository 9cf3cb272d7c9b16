package dev.tripline.engine;

import dev.tripline.eql.CategoryMatcher;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.CompiledStage;
import dev.tripline.eql.EventPredicate;
import dev.tripline.eql.JoinKeyField;
import dev.tripline.eql.QueryKind;
import dev.tripline.event.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * One installed rule, checked and laid out for the engine: its stages by index (bit i of a hit mask), the
 * {@code until} stage (bit {@link #untilBit}), its state machine, and the join-key groups (stages that share the same
 * key fields share one key computation).
 */
final class RuleProgram {

    static final int MAX_STAGES = 30;
    static final int MAX_POSITIONS = 1024;

    final RuleSpec spec;
    final QueryKind kind;
    final CategoryMatcher categories;
    final List<CompiledStage> stages;
    final CompiledStage until;
    final int untilBit;
    final Machine machine;
    final KeyGroup[] keyGroups;
    final EventPredicate exclusion;
    final RuleCounterCells counters;
    /** this installation's pending partial matches (a replacement starts its own) */
    final PendingCount pending;
    /** where this installation keeps its partial matches; {@code null} for an event query, which keeps none */
    PartialMatchStore store;
    final long maxspanNanos;
    /** set when the rule is replaced or removed: batches that still hold it leave the store alone */
    volatile boolean retired;

    /** Stages that share one list of join key fields. */
    record KeyGroup(int stageBits, JoinKeyField[] fields) {
    }

    RuleProgram(RuleSpec spec, RuleCounterCells counters) {
        this(spec, counters, true);
    }

    /** @param streaming whether the rule runs on a stream (a search may end with a missing-event stage freely) */
    RuleProgram(RuleSpec spec, RuleCounterCells counters, boolean streaming) {
        this.spec = spec;
        this.counters = counters;
        this.pending = new PendingCount(counters);
        CompiledQuery query = spec.query();
        this.kind = query.kind();
        this.categories = query.categories() == null ? CategoryMatcher.DEFAULT : query.categories();
        this.stages = query.stages();
        this.until = query.until();
        this.exclusion = spec.exclusion();
        this.maxspanNanos = query.maxspanNanos();
        check(spec, streaming);
        this.untilBit = 1 << stages.size();
        this.machine = switch (kind) {
            case EVENT -> null;
            case SEQUENCE -> new SequenceMachine(stages, maxspanNanos, untilBit);
            case SAMPLE -> new SampleMachine(stages.size());
        };
        this.keyGroups = groupKeys();
    }

    String ruleId() {
        return spec.ruleId();
    }

    int revision() {
        return spec.revision();
    }

    private static void check(RuleSpec spec, boolean streaming) {
        CompiledQuery query = spec.query();
        List<CompiledStage> stages = query.stages();
        String rule = "rule " + spec.ruleId() + ": ";
        if (query.kind() == null) {
            throw new UnsupportedRuleException(rule + "the query has no kind");
        }
        if (stages.isEmpty()) {
            throw new UnsupportedRuleException(rule + "the query has no stage");
        }
        if (stages.size() > MAX_STAGES) {
            throw new UnsupportedRuleException(rule + "at most " + MAX_STAGES + " stages are supported, the query has "
                    + stages.size());
        }
        if (query.maxspanNanos() < 0) {
            throw new UnsupportedRuleException(rule + "maxspan must not be negative");
        }
        int positions = 0;
        boolean anyPositive = false;
        for (CompiledStage stage : stages) {
            if (stage.runs() < 1) {
                throw new UnsupportedRuleException(rule + "stage " + stage.index() + " has runs=" + stage.runs()
                        + "; runs must be at least 1");
            }
            positions += stage.runs();
            anyPositive |= !stage.missing();
            if (stage.condition() == null) {
                throw new UnsupportedRuleException(rule + "stage " + stage.index() + " has no condition");
            }
        }
        if (positions > MAX_POSITIONS) {
            throw new UnsupportedRuleException(rule + "at most " + MAX_POSITIONS
                    + " stage positions (stages times runs) are supported, the query has " + positions);
        }
        switch (query.kind()) {
            case EVENT -> {
                if (stages.size() != 1 || query.until() != null || stages.get(0).missing() || stages.get(0).runs() != 1) {
                    throw new UnsupportedRuleException(rule + "an event query has exactly one plain stage");
                }
            }
            case SAMPLE -> {
                for (CompiledStage stage : stages) {
                    if (stage.missing() || stage.runs() != 1) {
                        throw new UnsupportedRuleException(rule + "sample filters take neither runs nor ![...]");
                    }
                }
                if (query.until() != null) {
                    throw new UnsupportedRuleException(rule + "a sample has no until");
                }
                sameKeyArity(rule, stages, null);
            }
            case SEQUENCE -> {
                if (!anyPositive) {
                    throw new UnsupportedRuleException(rule + "a sequence needs at least one stage that is not a "
                            + "missing-event stage");
                }
                boolean leading = stages.get(0).missing();
                boolean trailing = stages.get(stages.size() - 1).missing();
                if (streaming && (leading || trailing) && query.maxspanNanos() == 0) {
                    throw new UnsupportedRuleException(rule + "a sequence that starts or ends with a missing-event "
                            + "stage ![...] needs 'with maxspan': without it a stream can never tell that the event "
                            + "stayed missing");
                }
                sameKeyArity(rule, stages, query.until());
            }
        }
    }

    private static void sameKeyArity(String rule, List<CompiledStage> stages, CompiledStage until) {
        int arity = stages.get(0).joinKeys().size();
        for (CompiledStage stage : stages) {
            if (stage.joinKeys().size() != arity) {
                throw new UnsupportedRuleException(rule + "every stage must have the same number of join keys; stage "
                        + stage.index() + " has " + stage.joinKeys().size() + ", stage 0 has " + arity);
            }
        }
        if (until != null && until.joinKeys().size() != arity) {
            throw new UnsupportedRuleException(rule + "the until stage must have as many join keys as the stages ("
                    + arity + "), it has " + until.joinKeys().size());
        }
    }

    private KeyGroup[] groupKeys() {
        List<KeyGroup> groups = new ArrayList<>();
        List<List<JoinKeyField>> fields = new ArrayList<>();
        for (int s = 0; s <= stages.size(); s++) {
            CompiledStage stage = s < stages.size() ? stages.get(s) : until;
            if (stage == null) {
                continue;
            }
            int bit = s < stages.size() ? 1 << s : untilBit;
            int found = fields.indexOf(stage.joinKeys());
            if (found < 0) {
                fields.add(stage.joinKeys());
                groups.add(new KeyGroup(bit, stage.joinKeys().toArray(JoinKeyField[]::new)));
            } else {
                KeyGroup g = groups.get(found);
                groups.set(found, new KeyGroup(g.stageBits() | bit, g.fields()));
            }
        }
        return groups.toArray(KeyGroup[]::new);
    }

    /** The largest join key of this rule, for sizing scratch arrays. */
    int maxKeyArity() {
        int max = 0;
        for (KeyGroup group : keyGroups) {
            max = Math.max(max, group.fields().length);
        }
        return max;
    }

    /**
     * The key of {@code group} for {@code event}, or {@code null} when a non-optional key field is missing or null
     * (such an event never joins).
     */
    PartialKey keyOf(KeyGroup group, Event event, Object[] scratch) {
        JoinKeyField[] fields = group.fields();
        for (int i = 0; i < fields.length; i++) {
            Object value = JoinKeys.valueOf(fields[i].valueOf(event));
            if (value == null) {
                if (!fields[i].optional()) {
                    return null;
                }
                value = JoinKeys.MISSING;
            }
            scratch[i] = value;
        }
        JoinKeyField first = fields.length > 0 ? fields[0] : null;
        if (first != null && first.expression() == null && scratch[0] instanceof String
                && event.isPartitionedBy(first.field())) {
            // the first key is the host, which the decoder fingerprinted while its bytes were hot: the same
            // fingerprint as the string's (KeyFingerprint.ofValue of a string, or of an array holding one)
            return PartialKey.of(this, scratch, fields.length, event.partitionFirst(), event.partitionSecond());
        }
        return PartialKey.of(this, scratch, fields.length);
    }

    /**
     * Splits an event's stage hits by join key value: stages whose keys have equal values (even through different
     * fields, as per-stage {@code by} allows) form one entry, so the state machine sees them together and applies
     * them highest stage first.
     *
     * @return how many entries were written to {@code keys}/{@code masks} (both at least as long as
     *     {@link #keyGroups}); {@code nullKeys[0]} is increased for every group whose key had a missing value
     */
    int keyedHits(Event event, int hits, Object[] scratch, PartialKey[] keys, int[] masks, int[] nullKeys) {
        int n = 0;
        for (KeyGroup group : keyGroups) {
            int groupHits = hits & group.stageBits();
            if (groupHits == 0) {
                continue;
            }
            PartialKey key = keyOf(group, event, scratch);
            if (key == null) {
                nullKeys[0]++;
                continue;
            }
            int same = -1;
            for (int i = 0; i < n; i++) {
                if (keys[i].equals(key)) {
                    same = i;
                    break;
                }
            }
            if (same >= 0) {
                masks[same] |= groupHits;
            } else {
                keys[n] = key;
                masks[n++] = groupHits;
            }
        }
        return n;
    }

    /** All stages in hit-mask order, the until stage last (or absent). */
    CompiledStage stageForBit(int bitIndex) {
        return bitIndex < stages.size() ? stages.get(bitIndex) : until;
    }

    @Override
    public String toString() {
        return spec.ruleId() + "@" + spec.revision();
    }
}
