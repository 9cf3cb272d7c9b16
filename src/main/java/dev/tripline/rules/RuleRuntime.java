package dev.tripline.rules;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.RuleSpec;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.EventPredicate;
import dev.tripline.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Keeps the engine in step with the stored rules: every enabled rule installed at its current revision, every other
 * one absent. Called after each committed change; changes are applied one at a time, and a change older than what is
 * installed is ignored, so concurrent edits cannot leave an older revision running. Also the in-memory view that
 * ingest reads per alert (metadata) and that the status endpoint shows (load problems, last alert times).
 */
@Component
class RuleRuntime {

    private static final Logger log = LoggerFactory.getLogger(RuleRuntime.class);

    /** What is installed for one rule. */
    record Installed(int revision, RuleMetadata metadata) {
    }

    /**
     * A rule or file that could not be loaded.
     *
     * @param key the rule id, or the file name for a file that did not parse
     */
    record LoadProblem(String key, String ruleId, String file, String type, String detail, Instant at) {
    }

    private final DetectionEngine engine;
    private final RuleChecker checker;
    private final ObjectProvider<RuleExclusionSource> exclusionSources;
    private final Map<String, Installed> installed = new ConcurrentHashMap<>();
    private final Map<String, LoadProblem> problems = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastAlerts = new ConcurrentHashMap<>();

    RuleRuntime(DetectionEngine engine, RuleChecker checker, ObjectProvider<RuleExclusionSource> exclusionSources) {
        this.engine = engine;
        this.checker = checker;
        this.exclusionSources = exclusionSources;
    }

    DetectionEngine engine() {
        return engine;
    }

    /**
     * Installs the rule if it is enabled (compiling its query unless {@code compiled} is given), removes it from the
     * engine otherwise.
     *
     * @throws InvalidRuleException when the stored query no longer compiles (then nothing of it runs)
     */
    synchronized void apply(StoredRule rule, CompiledQuery compiled) {
        Installed current = installed.get(rule.ruleId());
        if (current != null && current.revision() > rule.revision()) {
            return;
        }
        if (!rule.enabled()) {
            engine.uninstall(rule.ruleId());
            installed.remove(rule.ruleId());
            problems.remove(rule.ruleId());
            return;
        }
        CompiledQuery query = compiled;
        if (query == null) {
            try {
                query = checker.compile(rule.ruleId(), rule.query(), categoryField(rule), rule.source());
            } catch (InvalidRuleException e) {
                engine.uninstall(rule.ruleId());
                installed.remove(rule.ruleId());
                problem(rule.ruleId(), rule.ruleId(), null, e.slug(), e.getMessage());
                throw e;
            }
        }
        engine.install(new RuleSpec(rule.ruleId(), rule.revision(), query, exclusion(rule.ruleId())));
        installed.put(rule.ruleId(), new Installed(rule.revision(), metadata(rule)));
        problems.remove(rule.ruleId());
    }

    synchronized void remove(String ruleId) {
        engine.uninstall(ruleId);
        installed.remove(ruleId);
        problems.remove(ruleId);
        lastAlerts.remove(ruleId);
    }

    /** Re-installs an installed rule with the exclusion its sources give now. */
    synchronized boolean reinstall(StoredRule rule) {
        if (!rule.enabled()) {
            return false;
        }
        installed.remove(rule.ruleId());
        apply(rule, null);
        return true;
    }

    Optional<RuleMetadata> installedMetadata(String ruleId) {
        Installed current = installed.get(ruleId);
        return current == null ? Optional.empty() : Optional.of(current.metadata());
    }

    boolean isInstalled(String ruleId) {
        return installed.containsKey(ruleId);
    }

    void problem(String key, String ruleId, String file, String type, String detail) {
        problems.put(key, new LoadProblem(key, ruleId, file, type, detail, Instant.now()));
    }

    Collection<LoadProblem> problems() {
        return problems.values();
    }

    void alertsRaised(String ruleId, Instant at) {
        lastAlerts.merge(ruleId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    Optional<Instant> lastAlert(String ruleId) {
        return Optional.ofNullable(lastAlerts.get(ruleId));
    }

    /** The OR of every exclusion source's predicate for the rule; excludes nothing when no source has any. */
    EventPredicate exclusion(String ruleId) {
        List<EventPredicate> predicates = new ArrayList<>();
        exclusionSources.orderedStream().forEach(source -> {
            EventPredicate predicate = source.exclusionFor(ruleId);
            if (predicate != null) {
                predicates.add(predicate);
            }
        });
        if (predicates.isEmpty()) {
            return RuleSpec.noExclusion();
        }
        if (predicates.size() == 1) {
            return predicates.get(0);
        }
        EventPredicate[] all = predicates.toArray(EventPredicate[]::new);
        return event -> {
            for (EventPredicate predicate : all) {
                if (predicate.test(event)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Which entries of every source suppress the event for the rule (previews). */
    List<RuleSuppression> explain(String ruleId, Event event) {
        List<RuleSuppression> found = new ArrayList<>();
        exclusionSources.orderedStream().forEach(source -> found.addAll(source.explain(ruleId, event)));
        return found;
    }

    static String categoryField(StoredRule rule) {
        JsonNode field = rule.body().get("event_category_override");
        return field != null && field.isString() && !field.stringValue().isBlank() ? field.stringValue() : null;
    }

    static RuleMetadata metadata(StoredRule rule) {
        JsonNode threat = rule.body().get("threat");
        JsonNode note = rule.body().get("note");
        List<String> references = new ArrayList<>();
        JsonNode refs = rule.body().get("references");
        if (refs != null && refs.isArray()) {
            refs.forEach(ref -> {
                if (ref.isString()) {
                    references.add(ref.stringValue());
                }
            });
        }
        return new RuleMetadata(rule.ruleId(), rule.name(), rule.revision(), rule.severity(), rule.riskScore(),
                threat != null && threat.isArray() ? threat.deepCopy() : JsonNodeFactory.instance.arrayNode(),
                note != null && note.isString() ? note.stringValue() : null, references, rule.tags(),
                rule.description(), rule.enabled(), rule.builtin());
    }

    void logInstalled() {
        log.info("Rules: {} installed in the engine, {} load problem(s)", installed.size(), problems.size());
    }
}
