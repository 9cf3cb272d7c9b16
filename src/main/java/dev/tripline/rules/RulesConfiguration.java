package dev.tripline.rules;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineSettings;
import dev.tripline.eql.CategoryMatcher;
import dev.tripline.event.Event;
import dev.tripline.event.FieldRegistry;
import dev.tripline.event.RetainedBytes;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine this module owns and keeps in step with the enabled rules; ingest uses the same bean. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RulesProperties.class, RulesProperties.Engine.class})
class RulesConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RulesConfiguration.class);

    /**
     * The fields ingest extracts from every event: the engine registers those of each rule it installs. The core ones
     * (time, id, host, category) come first.
     */
    @Bean
    FieldRegistry fieldRegistry() {
        return new FieldRegistry(List.of(Event.DEFAULT_TIMESTAMP, Event.EVENT_ID,
                EngineSettings.defaults().hostField(), CategoryMatcher.DEFAULT_FIELD));
    }

    /**
     * The engine's periodic sweep runs here, off the request path: it visits every pending key, and the batch whose
     * commit found it due would otherwise wait for it (1.1-1.5 s in the W1 load test: every run's slowest answer).
     * One thread; a sweep due while one runs is dropped (the running one covers it). Not an {@code Executor} bean,
     * so that Spring Boot's own task executor is still configured.
     */
    static final class SweepThread implements AutoCloseable {

        private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, "tripline-engine-sweep");
                    thread.setDaemon(true);
                    thread.setUncaughtExceptionHandler((t, e) -> log.error("The engine's sweep failed", e));
                    return thread;
                }, new ThreadPoolExecutor.DiscardPolicy());

        void execute(Runnable sweep) {
            executor.execute(sweep);
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    @Bean
    SweepThread engineSweepThread() {
        return new SweepThread();
    }

    /** Where pending partial matches keep their events' raw JSON: slabs the garbage collector does not copy. */
    @Bean
    RetainedBytes retainedBytes() {
        return new RetainedBytes();
    }

    @Bean
    DetectionEngine detectionEngine(RulesProperties.Engine engine, FieldRegistry fields, SweepThread sweeps,
            RetainedBytes retained) {
        EngineSettings settings = EngineSettings.defaults()
                .withSweeps(sweeps::execute)
                .withAllowedLateness(RulesProperties.orDefault(engine.allowedLateness(),
                        EngineSettings.DEFAULT_ALLOWED_LATENESS))
                .withFields(fields)
                // a pending partial keeps its events' own bytes, never the whole request body they arrived in
                .withRetain(retained)
                .withSweepShare(engine.sweepShare() != null ? engine.sweepShare()
                        : RulesProperties.Engine.DEFAULT_SWEEP_SHARE);
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
