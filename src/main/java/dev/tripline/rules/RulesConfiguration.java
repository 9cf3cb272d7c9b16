package dev.tripline.rules;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineSettings;
import dev.tripline.eql.CategoryMatcher;
import dev.tripline.event.Event;
import dev.tripline.event.FieldRegistry;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine this module owns and keeps in step with the enabled rules; ingest uses the same bean. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RulesProperties.class, RulesProperties.Engine.class})
class RulesConfiguration {

    /**
     * The fields ingest extracts from every event: the engine registers those of each rule it installs. The core ones
     * are what a partial match keeps of its events (time, id, host) besides their raw JSON.
     */
    @Bean
    FieldRegistry fieldRegistry() {
        return new FieldRegistry(List.of(Event.DEFAULT_TIMESTAMP, Event.EVENT_ID,
                EngineSettings.defaults().hostField(), CategoryMatcher.DEFAULT_FIELD));
    }

    @Bean
    DetectionEngine detectionEngine(RulesProperties.Engine engine, FieldRegistry fields) {
        EngineSettings settings = EngineSettings.defaults()
                .withAllowedLateness(RulesProperties.orDefault(engine.allowedLateness(),
                        EngineSettings.DEFAULT_ALLOWED_LATENESS))
                .withFields(fields)
                // a pending partial keeps its events' own bytes, never the whole request body they arrived in
                .withRetain(Event::retained);
        if (engine.maxPendingKeys() != null) {
            settings = settings.withMaxPendingKeys(engine.maxPendingKeys());
        }
        if (engine.idleTimeout() != null) {
            settings = settings.withIdleTimeout(engine.idleTimeout(), System::nanoTime);
        }
        return new DetectionEngine(settings);
    }

    @Bean
    RuleParser ruleParser() {
        return new RuleParser();
    }
}
