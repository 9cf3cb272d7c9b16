package dev.tripline.ingest;

import dev.tripline.alerts.Alerts;
import dev.tripline.engine.DetectionEngine;
import dev.tripline.event.Event;
import dev.tripline.event.FieldRegistry;
import dev.tripline.rules.Rules;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
@EnableScheduling
class IngestConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IngestConfiguration.class);

    @Bean
    IngestService ingestService(DetectionEngine engine, FieldRegistry fields, Alerts alerts, Rules rules,
            JdbcTemplate jdbc, PlatformTransactionManager transactionManager, JsonMapper json,
            IngestProperties properties, MeterRegistry meters) {
        EventBatchDecoder decoder = new EventBatchDecoder(properties.maxEvents(), properties.maxNestingDepth(),
                properties.maxStringLength(), Event.DEFAULT_TIMESTAMP, fields);
        FutureTimestampGuard futureGuard = new FutureTimestampGuard(Clock.systemUTC(), properties.maxFutureSkew());
        return new IngestService(decoder, futureGuard, engine, alerts, rules, new IdempotencyKeys(jdbc),
                new TransactionTemplate(transactionManager), json, properties, meters);
    }

    /**
     * Arrays for request bodies, used again from batch to batch: two per batch that may be evaluated at once (bodies
     * are read before a batch waits for its turn), each up to {@link EventsController#EXACT_READ_LIMIT} plus a quarter
     * (5 MB). At the default of 8 batches that keeps at most 16 arrays: about 24 MB for 1,000-event batches, 80 MB at
     * the limit.
     */
    @Bean
    RequestBodies requestBodies(IngestProperties properties) {
        return new RequestBodies(2 * properties.maxConcurrentBatches(),
                EventsController.EXACT_READ_LIMIT + EventsController.EXACT_READ_LIMIT / 4);
    }

    /**
     * Tomcat reads a request body from the socket at most {@code socket.appReadBufSize} bytes per system call (8 KB by
     * default): about 150 reads per 1,000-event batch. With 64 KB a batch takes about 20, for 56 KB more per open
     * connection while it reads.
     */
    @Bean
    TomcatConnectorCustomizer largeBodyReads() {
        return connector -> connector.setProperty("socket.appReadBufSize", Integer.toString(64 * 1024));
    }

    @Bean
    IdempotencyKeyPurge idempotencyKeyPurge(IngestService ingest, IngestProperties properties) {
        return new IdempotencyKeyPurge(ingest, properties);
    }

    static final class IdempotencyKeyPurge {
        private final IngestService ingest;
        private final IngestProperties properties;

        IdempotencyKeyPurge(IngestService ingest, IngestProperties properties) {
            this.ingest = ingest;
            this.properties = properties;
        }

        @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT10M")
        void purge() {
            try {
                int purged = ingest.purgeIdempotencyKeys(properties.idempotencyRetention());
                if (purged > 0) {
                    log.debug("Purged {} idempotency keys older than {}", purged, properties.idempotencyRetention());
                }
            } catch (RuntimeException e) {
                log.warn("Could not purge old idempotency keys: {}", e.getMessage());
            }
        }
    }
}
