package dev.tripline.rules;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tripline.rules.*} and {@code tripline.engine.*} settings.
 *
 * @param dir a directory of rule files (TOML or JSON) loaded at start ({@code TRIPLINE_RULES_DIR}); none when unset
 * @param maxRuleBytes the largest rule text accepted by import, replace and preview
 * @param maxImportRules the most rules one {@code _import} takes
 * @param maxSearchEvents the most events one search or preview takes
 * @param maxSearchBytes the largest search or preview body
 */
@ConfigurationProperties("tripline.rules")
record RulesProperties(String dir, Integer maxRuleBytes, Integer maxImportRules, Integer maxSearchEvents,
        Long maxSearchBytes) {

    RulesProperties {
        dir = dir == null || dir.isBlank() ? null : dir;
        maxRuleBytes = maxRuleBytes == null ? 1 << 20 : maxRuleBytes;
        maxImportRules = maxImportRules == null ? 5_000 : maxImportRules;
        maxSearchEvents = maxSearchEvents == null ? 10_000 : maxSearchEvents;
        maxSearchBytes = maxSearchBytes == null ? 32L << 20 : maxSearchBytes;
    }

    /**
     * {@code tripline.engine.*}: how the detection engine bounds time and memory.
     *
     * @param allowedLateness how far behind its host's newest event time an event may arrive and still count
     * @param maxPendingKeys the most (rule, join key) states kept in memory
     * @param idleTimeout a state untouched this long (wall clock) is evicted
     * @param sweepShare how much of one core the engine's periodic sweep may take while it runs (default 0.25)
     */
    @ConfigurationProperties("tripline.engine")
    record Engine(Duration allowedLateness, Long maxPendingKeys, Duration idleTimeout, Double sweepShare) {

        /**
         * A quarter of a core: a sweep of W1's 450,000 pending keys works 0.3-0.8 s, which at full speed took a core
         * from the batches of a two-core machine for that long, each minute of event time.
         */
        static final double DEFAULT_SWEEP_SHARE = 0.25;
    }

    static Duration orDefault(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }
}
