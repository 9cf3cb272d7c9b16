package dev.tripline.rules;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineCounters;
import dev.tripline.engine.RuleCounters;
import dev.tripline.event.RetainedBytes;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The engine's counters as Prometheus metrics: engine-wide totals, and per rule (tag {@code rule_id}) every reason
 * an event or partial match was counted for — seen, stage hits, matches, pending, expired by maxspan, evicted, late,
 * null join keys, suppressed, ruled out by a missing-event stage, superseded, dropped on replace. Rules come and go
 * while the service runs, so the per-rule meters are reconciled with the installed rules every 15 seconds. The
 * meters read the engine's own counters when scraped; nothing is counted twice.
 */
@Component
class EngineMeters implements MeterBinder {

    private record PerRule(String name, String description, ToLongFunction<RuleCounters> value) {
    }

    private static final List<PerRule> PER_RULE = List.of(
            new PerRule("tripline.engine.rule.events.seen", "Events of a category one of the rule's stages asks for",
                    RuleCounters::eventsSeen),
            new PerRule("tripline.engine.rule.stage.hits", "Events that passed a stage condition",
                    RuleCounters::stageHits),
            new PerRule("tripline.engine.rule.matches", "Completed sequences (alerts raised or re-raised)",
                    RuleCounters::matches),
            new PerRule("tripline.engine.rule.expired.maxspan", "Partial matches dropped because their maxspan passed",
                    RuleCounters::expiredByMaxspan),
            new PerRule("tripline.engine.rule.evicted", "Partial matches evicted by the memory guard",
                    RuleCounters::evicted),
            new PerRule("tripline.engine.rule.late.dropped", "Stage hits that arrived beyond the allowed lateness",
                    RuleCounters::lateDropped),
            new PerRule("tripline.engine.rule.null.join.keys", "Stage hits whose join key was missing or null",
                    RuleCounters::nullJoinKeys),
            new PerRule("tripline.engine.rule.suppressed", "Stage hits suppressed by exceptions or allowlists",
                    RuleCounters::suppressedByExclusion),
            new PerRule("tripline.engine.rule.rejected.missing.event", "Candidates ruled out by a missing-event stage",
                    RuleCounters::rejectedByMissingEvent),
            new PerRule("tripline.engine.rule.superseded", "Emitted matches a late event showed sorted delivery would not form",
                    RuleCounters::superseded),
            new PerRule("tripline.engine.rule.dropped.on.replace", "Partial matches dropped because the rule changed",
                    RuleCounters::droppedOnReplace));

    private final DetectionEngine engine;
    private final RetainedBytes retained;
    private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    EngineMeters(DetectionEngine engine, RetainedBytes retained) {
        this.engine = engine;
        this.retained = retained;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        FunctionCounter.builder("tripline.engine.events.evaluated", engine, e -> e.totals().eventsEvaluated())
                .description("Events accepted and evaluated").register(registry);
        FunctionCounter.builder("tripline.engine.events.late", engine, e -> e.totals().lateEvents())
                .description("Events not evaluated: beyond the allowed lateness behind their host").register(registry);
        gauge(registry, "tripline.engine.pending.keys", "(rule, join key) states held now",
                EngineCounters::pendingKeys);
        gauge(registry, "tripline.engine.awaiting.confirmation",
                "Keys whose candidates wait for a trailing missing-event window", EngineCounters::awaitingConfirmation);
        FunctionCounter.builder("tripline.engine.sweeps", engine, e -> e.totals().sweeps())
                .description("Sweeps of every pending key (expiry by event time, kept events moved)").register(registry);
        FunctionCounter.builder("tripline.engine.sweep.seconds", engine, e -> e.totals().sweepNanos() / 1e9)
                .description("Time the sweeps worked, in all (without their rests)").register(registry);
        FunctionCounter.builder("tripline.engine.retained.slabs", retained, RetainedBytes::slabs)
                .description("Slabs started for the raw JSON of events that partial matches keep").register(registry);
        FunctionCounter.builder("tripline.engine.retained.moved", retained, RetainedBytes::moved)
                .description("Kept events that sweeps moved out of old slabs").register(registry);
        reconcile();
    }

    private void gauge(MeterRegistry registry, String name, String description, ToLongFunction<EngineCounters> value) {
        Gauge.builder(name, engine, e -> value.applyAsLong(e.totals())).description(description).register(registry);
    }

    /** Adds meters for newly installed rules and removes those of rules that are gone. */
    @Scheduled(initialDelayString = "PT15S", fixedDelayString = "PT15S")
    void reconcile() {
        MeterRegistry target = registry;
        if (target == null) {
            return;
        }
        Set<String> installed = new HashSet<>(engine.installedRuleIds());
        for (String ruleId : installed) {
            meters.computeIfAbsent(ruleId, id -> register(target, id));
        }
        for (String ruleId : new ArrayList<>(meters.keySet())) {
            if (!installed.contains(ruleId)) {
                meters.remove(ruleId).forEach(target::remove);
            }
        }
    }

    private List<Meter> register(MeterRegistry target, String ruleId) {
        List<Meter> registered = new ArrayList<>();
        for (PerRule counter : PER_RULE) {
            ToDoubleFunction<DetectionEngine> read = e -> e.counters(ruleId).map(counter.value()::applyAsLong).orElse(0L);
            registered.add(FunctionCounter.builder(counter.name(), engine, read)
                    .description(counter.description()).tag("rule_id", ruleId).register(target));
        }
        registered.add(Gauge.builder("tripline.engine.rule.pending", engine,
                        e -> e.counters(ruleId).map(RuleCounters::pending).orElse(0L))
                .description("Partial matches of the rule pending now").tag("rule_id", ruleId).register(target));
        return registered;
    }
}
