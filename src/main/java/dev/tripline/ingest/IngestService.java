package dev.tripline.ingest;

import dev.tripline.alerts.AlertEvent;
import dev.tripline.alerts.Alerts;
import dev.tripline.alerts.NewAlert;
import dev.tripline.alerts.RaisedAlert;
import dev.tripline.alerts.RuleSnapshot;
import dev.tripline.engine.BatchAbandonedException;
import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineBatch;
import dev.tripline.engine.Match;
import dev.tripline.event.Event;
import dev.tripline.event.KeyFingerprint;
import dev.tripline.rules.RuleMetadata;
import dev.tripline.rules.Rules;
import dev.tripline.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * One batch, start to end: decode, drop duplicates, evaluate, commit the alerts, and only then make the engine's
 * state changes final. If the commit fails (PostgreSQL unreachable, say) the engine state is rolled back as if the
 * batch had never come, the caller answers 503, and the client's retry of the same batch completes every match
 * again; the alerts' deterministic ids keep them from being raised twice.
 */
class IngestService {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    enum Format {
        JSON,
        NDJSON
    }

    /** The answer as JSON, and whether it is a stored answer to an earlier request with the same key. */
    record Outcome(String json, boolean replayed) {
    }

    private final EventBatchDecoder decoder;
    private final FutureTimestampGuard futureGuard;
    private final DetectionEngine engine;
    private final Alerts alerts;
    private final Rules rules;
    private final IdempotencyKeys idempotencyKeys;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final RecentEventKeys recentKeys;
    private final Semaphore permits;
    private final IngestProperties properties;
    private final Counter accepted;
    private final Counter rejected;
    private final Counter duplicates;
    private final Counter late;
    private final Timer batchTimer;
    private final Timer alertLatency;
    private final Timer queued;
    private final Timer decoding;
    private final Timer evaluating;
    private final Timer inserting;
    private final Timer waitingForEarlier;
    private final Timer committing;

    IngestService(EventBatchDecoder decoder, FutureTimestampGuard futureGuard, DetectionEngine engine, Alerts alerts,
            Rules rules, IdempotencyKeys idempotencyKeys, TransactionTemplate transactions, JsonMapper json,
            IngestProperties properties, MeterRegistry meters) {
        this.decoder = decoder;
        this.futureGuard = futureGuard;
        this.engine = engine;
        this.alerts = alerts;
        this.rules = rules;
        this.idempotencyKeys = idempotencyKeys;
        this.transactions = transactions;
        this.json = json;
        this.properties = properties;
        this.recentKeys = new RecentEventKeys(properties.recentEventKeys());
        this.permits = new Semaphore(properties.maxConcurrentBatches(), true);
        this.accepted = events(meters, "accepted");
        this.rejected = events(meters, "rejected");
        this.duplicates = events(meters, "duplicate");
        this.late = events(meters, "late");
        this.batchTimer = Timer.builder("tripline.ingest.batch")
                .description("Time from a batch's arrival to its answer, alerts committed")
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.alertLatency = Timer.builder("tripline.alerts.latency")
                .description("Time from the arrival of the request that completed a sequence to its alert's commit")
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.queued = phase(meters, "queue");
        this.decoding = phase(meters, "decode");
        this.evaluating = phase(meters, "evaluate");
        this.inserting = phase(meters, "insert");
        this.waitingForEarlier = phase(meters, "wait_earlier");
        this.committing = phase(meters, "commit");
    }

    /**
     * Where a batch's time goes, phase by phase (their sum is about {@code tripline.ingest.batch}): waiting for a
     * permit, decoding, the engine, inserting the alerts, waiting for earlier batches this one built on, and the
     * commits (database, then engine). Which phase the slow answers spend their time in is what to look at first.
     */
    private static Timer phase(MeterRegistry meters, String phase) {
        return Timer.builder("tripline.ingest.phase").tag("phase", phase)
                .description("Time a batch spent in one phase of its ingest")
                .publishPercentileHistogram()
                .register(meters);
    }

    private static long since(Timer timer, long from) {
        long now = System.nanoTime();
        timer.record(now - from, TimeUnit.NANOSECONDS);
        return now;
    }

    private static Counter events(MeterRegistry meters, String outcome) {
        return Counter.builder("tripline.ingest.events").tag("outcome", outcome)
                .description("Ingested events by what became of them").register(meters);
    }

    /** Ingests the first {@code length} bytes of {@code body}; nothing refers to the array once this returns. */
    Outcome ingest(byte[] body, int length, Format format, String idempotencyKey) {
        long arrived = System.nanoTime();
        acquire();
        try {
            long decodeStart = since(queued, arrived);
            DecodedBatch batch = futureGuard.apply(
                    format == Format.NDJSON ? decoder.decodeNdjson(body, length) : decoder.decodeJson(body, length));
            since(decoding, decodeStart);
            // the body's digest ties an idempotency key to its body; without a key nobody needs it (SHA-256 over a
            // 1 MB body costs about a millisecond, a tenth of the batch)
            byte[] digest = idempotencyKey == null ? null : sha256(body, length);
            Outcome outcome = evaluateAndCommit(batch, digest, idempotencyKey, arrived);
            batchTimer.record(System.nanoTime() - arrived, TimeUnit.NANOSECONDS);
            return outcome;
        } finally {
            permits.release();
        }
    }

    private void acquire() {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(properties.queueTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Busy",
                    "Tripline is evaluating as many batches as it may at once; retry after "
                            + properties.retryAfter().toSeconds() + " s",
                    Map.of("retry_after_seconds", properties.retryAfter().toSeconds()));
        }
    }

    private Outcome evaluateAndCommit(DecodedBatch batch, byte[] digest, String idempotencyKey, long arrived) {
        // duplicates, against batches committed recently (every key looked up at once) and within this batch: the
        // events to evaluate and their keys, remembered once the batch is committed
        int size = batch.events().size();
        List<Event> events = new ArrayList<>(size);
        Set<KeyFingerprint> inBatch = new HashSet<>(Math.max(16, size * 4 / 3 + 1));
        int duplicateCount = 0;
        KeyFingerprint[] keys = new KeyFingerprint[size];
        for (int i = 0; i < size; i++) {
            keys[i] = KeyFingerprint.of(batch.events().get(i).event().key());
        }
        boolean[] recent = recentKeys.seen(keys);
        // the evaluated events' keys in batch order, to remember in a loop over an array (not over the set's nodes)
        List<KeyFingerprint> evaluatedKeys = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            if (recent[i] || !inBatch.add(keys[i])) {
                duplicateCount++;
            } else {
                events.add(batch.events().get(i).event());
                evaluatedKeys.add(keys[i]);
            }
        }
        int duplicatesInBatch = duplicateCount;

        EngineBatch[] evaluated = new EngineBatch[1];
        long[] commitStart = new long[1];
        List<RaisedAlert> raisedHolder = new ArrayList<>();
        boolean committed = false;
        try {
            Outcome outcome = inTransaction(() -> {
                if (idempotencyKey != null) {
                    idempotencyKeys.lock(idempotencyKey);
                    Optional<IdempotencyKeys.Stored> stored = idempotencyKeys.find(idempotencyKey);
                    if (stored.isPresent()) {
                        return replay(stored.get(), digest, idempotencyKey);
                    }
                }
                long evaluateStart = System.nanoTime();
                EngineBatch result = engine.evaluate(events);
                evaluated[0] = result;
                long phaseStart = since(evaluating, evaluateStart);
                long waited = 0;
                if (result.repeatsAnEarlierMatch()) {
                    // these events are in a batch still in flight (a client retrying before its first try was
                    // answered): that batch inserts the same alerts and would wait on this transaction's rows while
                    // this one waited for it to commit. Waiting first, this insert finds them stored and adds nothing
                    awaitEarlierBatches(result);
                    long now = System.nanoTime();
                    waited = now - phaseStart;
                    phaseStart = now;
                }
                List<RaisedAlert> raised = alerts.raise(toAlerts(result.matches()));
                raisedHolder.addAll(raised);
                IngestResponse response = response(batch, events.size(), duplicatesInBatch, result, raised);
                String answer = json.writeValueAsString(response);
                if (idempotencyKey != null) {
                    idempotencyKeys.save(idempotencyKey, digest, answer);
                }
                long waitStart = since(inserting, phaseStart);
                // the engine released this batch's keys after evaluating it: a batch that built on an earlier one's
                // uncommitted states commits after it, so that no alert becomes durable on events whose batch then
                // fails (a stage event of the earlier batch may be part of this one's match)
                awaitEarlierBatches(result);
                commitStart[0] = System.nanoTime();
                waitingForEarlier.record(waited + commitStart[0] - waitStart, TimeUnit.NANOSECONDS);
                return new Outcome(answer, false);
            });
            if (evaluated[0] != null) {
                commit(evaluated[0]);
                committed = true;
                since(committing, commitStart[0]);
                afterCommit(evaluated[0], raisedHolder, batch, evaluatedKeys, duplicatesInBatch, arrived);
            }
            return outcome;
        } finally {
            if (evaluated[0] != null && !committed) {
                evaluated[0].close();
            }
        }
    }

    private void awaitEarlierBatches(EngineBatch batch) {
        try {
            batch.awaitEarlierBatches(properties.queueTimeout());
        } catch (BatchAbandonedException e) {
            throw abandoned(e);
        }
    }

    /**
     * Once the batch's earlier batches have committed (awaited in the transaction), its own commit cannot be
     * abandoned; should it be all the same, the client hears 503 and its retry raises nothing twice.
     */
    private void commit(EngineBatch batch) {
        try {
            batch.commit();
        } catch (BatchAbandonedException e) {
            throw abandoned(e);
        }
    }

    private ApiException abandoned(BatchAbandonedException e) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "batch-abandoned", "Batch abandoned",
                "This batch continues sequences of an earlier batch that was not committed (" + e.getMessage()
                        + "), so it is not committed either; nothing of it was kept. Retry after "
                        + properties.retryAfter().toSeconds() + " s",
                Map.of("retry_after_seconds", properties.retryAfter().toSeconds()));
    }

    /**
     * Runs the work in a transaction and, when it fails, reports the work's own failure: if the connection died,
     * the rollback fails too, and the transaction manager would otherwise report the rollback instead of the
     * unreachable database that caused it.
     */
    private <T> T inTransaction(java.util.function.Supplier<T> work) {
        RuntimeException[] failure = new RuntimeException[1];
        try {
            return transactions.execute(status -> {
                try {
                    return work.get();
                } catch (RuntimeException e) {
                    failure[0] = e;
                    throw e;
                }
            });
        } catch (RuntimeException e) {
            if (failure[0] != null && failure[0] != e) {
                failure[0].addSuppressed(e);
                throw failure[0];
            }
            throw e;
        }
    }

    private static byte[] sha256(byte[] body, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(body, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private Outcome replay(IdempotencyKeys.Stored stored, byte[] digest, String key) {
        if (!MessageDigest.isEqual(stored.bodySha256(), digest)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                    "Idempotency key reused", "The Idempotency-Key '" + abbreviate(key)
                            + "' was used before with a different body; use a new key for a new batch");
        }
        return new Outcome(stored.responseJson(), true);
    }

    private List<NewAlert> toAlerts(List<Match> matches) {
        List<NewAlert> result = new ArrayList<>(matches.size());
        for (Match match : matches) {
            List<AlertEvent> events = new ArrayList<>(match.events().size());
            for (Event event : match.events()) {
                events.add(AlertEvent.of(event));
            }
            result.add(new NewAlert(UUID.fromString(match.id()), snapshot(match), match.joinKeyValues(), events));
        }
        return result;
    }

    private RuleSnapshot snapshot(Match match) {
        Optional<RuleMetadata> metadata = rules.metadata(match.ruleId());
        if (metadata.isEmpty()) {
            // the rule was deleted while this batch was being evaluated: the match still happened
            log.warn("Rule {} matched but is no longer stored; its alert carries the rule id only", match.ruleId());
            return new RuleSnapshot(match.ruleId(), match.ruleId(), match.ruleRevision(), "medium", 47, null, null,
                    List.of(), List.of());
        }
        RuleMetadata rule = metadata.get();
        return new RuleSnapshot(rule.ruleId(), rule.name(), match.ruleRevision(), rule.severity(), rule.riskScore(),
                rule.threat(), rule.note(), rule.references(), rule.tags());
    }

    private static IngestResponse response(DecodedBatch batch, int evaluated, int duplicateCount, EngineBatch result,
            List<RaisedAlert> raised) {
        int lateCount = result.lateEventIndexes().size();
        List<IngestResponse.Rejected> rejected = batch.rejected().stream()
                .map(r -> new IngestResponse.Rejected(r.index(), r.reason())).toList();
        List<IngestResponse.RaisedAlertView> views = raised.stream()
                .map(a -> new IngestResponse.RaisedAlertView(a.id().toString(), a.ruleId(), a.ruleName(), a.severity()))
                .toList();
        return new IngestResponse(batch.received(), evaluated - lateCount, rejected, duplicateCount, lateCount, views);
    }

    private void afterCommit(EngineBatch result, List<RaisedAlert> raised, DecodedBatch batch,
            List<KeyFingerprint> evaluatedKeys, int duplicateCount, long arrived) {
        recentKeys.remember(evaluatedKeys);
        long committedAt = System.nanoTime();
        Instant now = Instant.now();
        Set<String> rulesWithAlerts = new HashSet<>();
        for (RaisedAlert alert : raised) {
            alertLatency.record(committedAt - arrived, TimeUnit.NANOSECONDS);
            rulesWithAlerts.add(alert.ruleId());
        }
        rulesWithAlerts.forEach(ruleId -> rules.alertsRaised(ruleId, now));
        int lateCount = result.lateEventIndexes().size();
        accepted.increment(evaluatedKeys.size() - lateCount);
        rejected.increment(batch.rejected().size());
        duplicates.increment(duplicateCount);
        late.increment(lateCount);
    }

    int purgeIdempotencyKeys(Duration olderThan) {
        return transactions.execute(status -> idempotencyKeys.deleteOlderThan(olderThan));
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
