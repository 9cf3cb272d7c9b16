package dev.tripline.rules;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine this module owns and keeps in step with the enabled rules; ingest uses the same bean. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RulesProperties.class, RulesProperties.Engine.class})
class RulesConfiguration {

    @Bean
    DetectionEngine detectionEngine(RulesProperties.Engine engine) {
        EngineSettings settings = EngineSettings.defaults()
                .withAllowedLateness(RulesProperties.orDefault(engine.allowedLateness(),
                        EngineSettings.DEFAULT_ALLOWED_LATENESS));
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
