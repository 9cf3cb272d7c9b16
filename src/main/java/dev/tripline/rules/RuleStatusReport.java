package dev.tripline.rules;

import dev.tripline.engine.EngineCounters;
import dev.tripline.engine.RuleCounters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code GET /api/v1/rules/_status}: what the engine has done with every rule, and what failed to load. */
@Component
class RuleStatusReport {

    /**
     * @param rules one entry per stored rule, by rule id
     * @param loadErrors files and rules that could not be loaded (a stored rule's error also appears on its entry)
     * @param engine engine-wide figures
     */
    record Status(List<RuleStatus> rules, List<LoadError> loadErrors, EngineTotals engine) {
    }

    /**
     * @param installed whether the engine runs it now
     * @param counters the engine's counters since the rule was first installed in this process (kept across
     *     changes); null when it never was
     * @param lastAlertAt when alerts of the rule were last committed by this process, or null
     */
    record RuleStatus(String ruleId, String name, boolean enabled, boolean builtin, int revision, boolean installed,
            Counters counters, Instant lastAlertAt, LoadError loadError) {
    }

    record Counters(int installedRevision, long eventsSeen, long stageHits, long matches, long pending, long expired,
            long evicted, long late, long suppressed, long nullJoinKeys, long rejectedByMissingEvent,
            long superseded, long droppedOnReplace) {

        static Counters of(RuleCounters c) {
            return new Counters(c.revision(), c.eventsSeen(), c.stageHits(), c.matches(), c.pending(),
                    c.expiredByMaxspan(), c.evicted(), c.lateDropped(), c.suppressedByExclusion(), c.nullJoinKeys(),
                    c.rejectedByMissingEvent(), c.superseded(), c.droppedOnReplace());
        }
    }

    record LoadError(String ruleId, String file, String type, String detail, Instant at) {
    }

    record EngineTotals(long eventsEvaluated, long lateEvents, long pendingKeys, long installedRules) {
    }

    private final RuleService rules;
    private final RuleRuntime runtime;

    RuleStatusReport(RuleService rules, RuleRuntime runtime) {
        this.rules = rules;
        this.runtime = runtime;
    }

    Status report() {
        Map<String, RuleCounters> counters = new HashMap<>();
        runtime.engine().counters().forEach(c -> counters.put(c.ruleId(), c));
        Map<String, LoadError> errorsByRule = new HashMap<>();
        List<LoadError> loadErrors = new ArrayList<>();
        for (RuleRuntime.LoadProblem problem : runtime.problems()) {
            LoadError error = new LoadError(problem.ruleId(), problem.file(), problem.type(), problem.detail(),
                    problem.at());
            loadErrors.add(error);
            if (problem.ruleId() != null) {
                errorsByRule.put(problem.ruleId(), error);
            }
        }
        loadErrors.sort(Comparator.comparing(LoadError::at));
        List<RuleStatus> statuses = new ArrayList<>();
        for (StoredRule rule : rules.all()) {
            RuleCounters c = counters.get(rule.ruleId());
            statuses.add(new RuleStatus(rule.ruleId(), rule.name(), rule.enabled(), rule.builtin(), rule.revision(),
                    runtime.isInstalled(rule.ruleId()), c == null ? null : Counters.of(c),
                    runtime.lastAlert(rule.ruleId()).orElse(null), errorsByRule.get(rule.ruleId())));
        }
        EngineCounters totals = runtime.engine().totals();
        return new Status(statuses, loadErrors, new EngineTotals(totals.eventsEvaluated(), totals.lateEvents(),
                totals.pendingKeys(), runtime.engine().installedRuleIds().size()));
    }
}
