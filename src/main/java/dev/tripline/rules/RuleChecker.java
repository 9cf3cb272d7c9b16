package dev.tripline.rules;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineSettings;
import dev.tripline.engine.RuleSpec;
import dev.tripline.engine.UnsupportedRuleException;
import dev.tripline.eql.CompiledQuery;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Decides whether a parsed rule can run, before anything is stored: its query must compile and the streaming engine
 * must accept it. The engine's own check runs by installing the rule into a scratch engine of minimal size that
 * never sees an event, so the live engine is touched only after the rule is committed.
 */
@Component
class RuleChecker {

    private static final String PROBE = "probe";

    private final RuleQueryCompiler compiler;
    private final DetectionEngine scratch = new DetectionEngine(EngineSettings.defaults()
            .withLockStripes(1)
            .withMaxPendingKeys(1)
            .withMaxHosts(1)
            .withIdleTimeout(Duration.ofSeconds(1), System::nanoTime));

    RuleChecker(RuleQueryCompiler compiler) {
        this.compiler = compiler;
    }

    /**
     * @param source the rule's text, to name the line of the file where a query error sits
     * @throws InvalidRuleException (422) when the query does not compile or the engine cannot stream it
     */
    CompiledQuery check(ElasticRule rule, String source) {
        CompiledQuery query = compile(rule.ruleId(), rule.query(), rule.eventCategoryField(), source);
        streamable(rule.ruleId(), query);
        return query;
    }

    /** Compiles a query; errors name the query's line and column, and the file's line when it can be told. */
    CompiledQuery compile(String ruleId, String query, String categoryField, String source) {
        try {
            return compiler.compile(query, categoryField);
        } catch (RuleQueryCompiler.QueryProblem e) {
            throw InvalidRuleException.query(ruleId, e.getMessage(), e.reason(), e.line(), e.column(),
                    RuleParser.sourceLine(source, query, e.line()), e.excerpt(), e.suggestion());
        }
    }

    /** Compiles an ad-hoc query (search, preview): the same errors, without a rule. */
    CompiledQuery compileQuery(String query, String categoryField) {
        return compile(null, query, categoryField, null);
    }

    /** One probe id, so the scratch engine's per-rule counters stay one entry however many rules are checked. */
    private synchronized void streamable(String ruleId, CompiledQuery query) {
        try {
            scratch.install(new RuleSpec(PROBE, 1, query));
        } catch (UnsupportedRuleException e) {
            String reason = e.getMessage().replace("rule " + PROBE + ": ", "");
            throw InvalidRuleException.query(ruleId, "cannot run as a stream: " + reason, reason, 0, 0, 0, null, null);
        } finally {
            scratch.uninstall(PROBE);
        }
    }
}
