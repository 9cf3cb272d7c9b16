package dev.tripline.rules;

import dev.tripline.eql.CompiledQuery;
import dev.tripline.security.CurrentApiKey;
import dev.tripline.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rule management: every change is parsed and checked first, committed second, and installed in the engine third,
 * so a refused rule changes nothing and the engine only ever runs committed revisions.
 */
@Service
class RuleService implements Rules {

    private final RuleStore store;
    private final RuleParser parser;
    private final RuleChecker checker;
    private final RuleRuntime runtime;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RuleService(RuleStore store, RuleParser parser, RuleChecker checker, RuleRuntime runtime,
            TransactionTemplate transactions) {
        this.store = store;
        this.parser = parser;
        this.checker = checker;
        this.runtime = runtime;
        this.transactions = transactions;
        this.clock = Clock.systemUTC();
    }

    /** The outcome of writing one rule. */
    record Written(StoredRule rule, String status) {
    }

    RuleView create(String text, RuleFormat format) {
        ElasticRule rule = parser.parse(text, format);
        CompiledQuery query = checker.check(rule, text);
        StoredRule row = StoredRule.create(rule, text, RuleOrigin.API, !Boolean.FALSE.equals(rule.enabled()),
                CurrentApiKey.name(), clock.instant());
        Boolean inserted = transactions.execute(status -> store.insert(row));
        if (!Boolean.TRUE.equals(inserted)) {
            throw ApiException.conflict("rule-exists", "Rule exists", "Rule " + rule.ruleId()
                    + " exists; replace it with PUT /api/v1/rules/" + rule.ruleId()
                    + " or import with overwrite=true");
        }
        runtime.apply(row, query);
        return view(row, true);
    }

    /** Imports one rule of a batch: created, or (with {@code overwrite}) updated or unchanged. */
    Written importOne(ElasticRule rule, String text, boolean overwrite) {
        CompiledQuery query = checker.check(rule, text);
        String actor = CurrentApiKey.name();
        Written written = transactions.execute(status -> {
            Instant now = clock.instant();
            Optional<StoredRule> existing = store.lock(rule.ruleId());
            if (existing.isEmpty()) {
                StoredRule row = StoredRule.create(rule, text, RuleOrigin.API, !Boolean.FALSE.equals(rule.enabled()),
                        actor, now);
                store.insert(row);
                return new Written(row, "created");
            }
            if (!overwrite) {
                throw ApiException.conflict("rule-exists", "Rule exists", "Rule " + rule.ruleId()
                        + " exists; import with overwrite=true to replace it");
            }
            StoredRule current = existing.get();
            if (current.sourceSha256().equals(Sha256.of(text))) {
                return new Written(current, "unchanged");
            }
            StoredRule row = current.withBody(rule, text, false, true,
                    rule.enabled() != null ? rule.enabled() : current.enabled(), actor, now);
            store.update(row);
            return new Written(row, "updated");
        });
        if (!"unchanged".equals(written.status())) {
            runtime.apply(written.rule(), query);
        }
        return written;
    }

    RuleView replace(String ruleId, String text, RuleFormat format) {
        ElasticRule rule = parser.parse(text, format);
        if (format == RuleFormat.JSON && !rule.body().has("rule_id")) {
            rule.body().put("rule_id", ruleId);
        }
        if (!rule.ruleId().equals(ruleId)) {
            throw ApiException.unprocessable("rule-id-mismatch", "Rule id does not match",
                    "The body's rule_id " + rule.ruleId() + " differs from the path's " + ruleId);
        }
        CompiledQuery query = checker.check(rule, text);
        String actor = CurrentApiKey.name();
        StoredRule row = transactions.execute(status -> {
            StoredRule current = store.lock(ruleId).orElseThrow(() -> ApiException.notFound("Rule", ruleId));
            StoredRule next = current.withBody(rule, text, false, true,
                    rule.enabled() != null ? rule.enabled() : current.enabled(), actor, clock.instant());
            store.update(next);
            return next;
        });
        runtime.apply(Objects.requireNonNull(row), query);
        return view(row, true);
    }

    RuleView patch(String ruleId, RulePatch patch) {
        String actor = CurrentApiKey.name();
        StoredRule row = transactions.execute(status -> {
            StoredRule current = store.lock(ruleId).orElseThrow(() -> ApiException.notFound("Rule", ruleId));
            Set<String> tuned = new LinkedHashSet<>(current.tunedFields());
            boolean enabled = patch.enabled() != null ? patch.enabled() : current.enabled();
            String severity = current.severity();
            if (patch.severity() != null && !patch.severity().equals(severity)) {
                severity = patch.severity();
                tuned.add(StoredRule.SEVERITY);
            }
            int riskScore = current.riskScore();
            if (patch.riskScore() != null && patch.riskScore() != riskScore) {
                riskScore = patch.riskScore();
                tuned.add(StoredRule.RISK_SCORE);
            }
            List<String> tags = current.tags();
            if (patch.tags() != null && !patch.tags().equals(tags)) {
                tags = patch.tags();
                tuned.add(StoredRule.TAGS);
            }
            if (enabled == current.enabled() && severity.equals(current.severity())
                    && riskScore == current.riskScore() && tags.equals(current.tags())) {
                return current;
            }
            StoredRule next = current.tuned(enabled, severity, riskScore, tags, tuned, actor, clock.instant());
            store.update(next);
            return next;
        });
        runtime.apply(Objects.requireNonNull(row), null);
        return view(row, true);
    }

    void delete(String ruleId) {
        transactions.executeWithoutResult(status -> {
            StoredRule current = store.lock(ruleId).orElseThrow(() -> ApiException.notFound("Rule", ruleId));
            if (current.builtin()) {
                throw ApiException.conflict("builtin-rule", "Built-in rule",
                        "Rule " + ruleId + " ships with Tripline and cannot be deleted; disable it with PATCH "
                                + "{\"enabled\": false}");
            }
            store.delete(ruleId);
        });
        runtime.remove(ruleId);
    }

    RuleView get(String ruleId) {
        return view(store.find(ruleId).orElseThrow(() -> ApiException.notFound("Rule", ruleId)), true);
    }

    RulePage list(RuleFilter filter) {
        RuleStore.Page page = store.page(filter);
        return new RulePage(page.rules().stream().map(rule -> view(rule, false)).toList(), filter.page(),
                filter.perPage(), page.total());
    }

    /** Every rule as a Kibana rule object with its current settings, ready to import elsewhere. */
    List<ObjectNode> export() {
        return store.all().stream().map(RuleService::exported).toList();
    }

    static ObjectNode exported(StoredRule rule) {
        ObjectNode body = rule.body().deepCopy();
        body.put("rule_id", rule.ruleId());
        body.put("type", "eql");
        body.put("language", "eql");
        body.put("severity", rule.severity());
        body.put("risk_score", rule.riskScore());
        ArrayNode tags = body.putArray("tags");
        rule.tags().forEach(tags::add);
        body.put("enabled", rule.enabled());
        body.put("version", rule.revision());
        return body;
    }

    StoredRule stored(String ruleId) {
        return store.find(ruleId).orElseThrow(() -> ApiException.notFound("Rule", ruleId));
    }

    List<StoredRule> all() {
        return store.all();
    }

    private RuleView view(StoredRule rule, boolean detail) {
        return RuleView.of(rule, runtime.isInstalled(rule.ruleId()), detail);
    }

    // --- the facade other modules use ---

    @Override
    public Optional<RuleMetadata> metadata(String ruleId) {
        Optional<RuleMetadata> installed = runtime.installedMetadata(ruleId);
        return installed.isPresent() ? installed : store.find(ruleId).map(RuleRuntime::metadata);
    }

    @Override
    public void alertsRaised(String ruleId, Instant detectedAt) {
        runtime.alertsRaised(ruleId, detectedAt);
    }

    @Override
    public void refreshExclusions(String ruleId) {
        store.find(ruleId).ifPresent(runtime::reinstall);
    }
}
