/**
 * Detection rules: Elastic's TOML files and Kibana's JSON rule objects imported, stored with their original source,
 * managed over the API, and kept installed in the {@link dev.tripline.engine.DetectionEngine} bean this module owns
 * (every enabled rule, re-installed on every change, so a change takes effect for the next batch). Also the one-shot
 * EQL search and the rule preview.
 *
 * <p>Other modules see {@link dev.tripline.rules.Rules} (a rule's current metadata for the alerts it raises),
 * {@link dev.tripline.rules.RuleMetadata} and the {@link dev.tripline.rules.RuleExclusionSource} seam through which
 * exceptions and allowlists will feed each rule's exclusion. Parsing, storage and the REST controllers are internal.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Rules",
        allowedDependencies = {"web", "security", "eql", "event", "engine"})
package dev.tripline.rules;
