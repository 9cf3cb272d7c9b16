package dev.tripline.alerts;

import dev.tripline.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/** Stores raised alerts exactly once and reads them back for the API. */
@Service
class AlertService implements Alerts {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final AlertStore store;
    private final TransactionTemplate writes;
    private final TransactionTemplate snapshot;
    private final MeterRegistry meters;
    private final Timer raiseTimer;
    private final Counter replayed;

    AlertService(AlertStore store, PlatformTransactionManager transactions, MeterRegistry meters) {
        this.store = store;
        this.writes = new TransactionTemplate(transactions);
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.meters = meters;
        this.raiseTimer = Timer.builder("tripline.alerts.raise")
                .description("Time to store one batch's alerts, commit included")
                .publishPercentileHistogram()
                .register(meters);
        this.replayed = Counter.builder("tripline.alerts.already.stored")
                .description("Alerts raised again for events already alerted on (replays and retries); not stored twice")
                .register(meters);
    }

    @Override
    public List<RaisedAlert> raise(List<NewAlert> alerts) {
        Objects.requireNonNull(alerts, "alerts");
        if (alerts.isEmpty()) {
            return List.of();
        }
        // serialising outside the transaction keeps it, and the row locks it takes, short
        List<AlertStore.Insertable> rows = new ArrayList<>(alerts.size());
        for (NewAlert alert : alerts) {
            rows.add(store.prepare(alert));
        }
        rows.sort(Comparator.comparing(row -> row.alert().id()));
        Timer.Sample sample = Timer.start(meters);
        Set<UUID> inserted;
        try {
            inserted = writes.execute(status -> store.insertNew(rows));
        } catch (TransactionException e) {
            // no connection, or the commit failed: to the caller that is the same as a failed insert
            throw new DataAccessResourceFailureException("The alerts could not be committed", e);
        } finally {
            sample.stop(raiseTimer);
        }
        List<RaisedAlert> raised = new ArrayList<>(inserted.size());
        Set<UUID> reported = new HashSet<>();
        for (NewAlert alert : alerts) {
            if (inserted.contains(alert.id()) && reported.add(alert.id())) {
                RuleSnapshot rule = alert.rule();
                raised.add(new RaisedAlert(alert.id(), rule.ruleId(), rule.name(), rule.severity()));
                Counter.builder("tripline.alerts.raised")
                        .description("Alerts stored, by rule")
                        .tag("rule_id", rule.ruleId())
                        .tag("severity", rule.severity())
                        .register(meters)
                        .increment();
            }
        }
        replayed.increment(alerts.size() - raised.size());
        return raised;
    }

    /** The alert and its status history from one snapshot, so that the two always agree. */
    AlertView get(UUID id) {
        return snapshot.execute(status -> store.find(id).orElseThrow(() -> ApiException.notFound("Alert", id))
                .withStatusHistory(store.statusHistory(id)));
    }

    AlertPage list(AlertQuery.ListRequest request) {
        AlertQuery query = request.query();
        List<AlertStore.FeedEntry> entries = store.page(query, request.cursor(), request.limit());
        List<AlertView> data = entries.stream().map(AlertStore.FeedEntry::alert).toList();
        String next = null;
        if (!entries.isEmpty() && (!query.descending() || entries.size() == request.limit())) {
            AlertStore.FeedEntry last = entries.get(entries.size() - 1);
            next = new AlertCursor(last.position(), last.alert().id(), query.fingerprint()).encode();
        } else if (entries.isEmpty() && !query.descending() && request.cursor() != null) {
            // the end of the feed for now: the poller keeps its place and asks again later
            next = request.cursor().encode();
        }
        return new AlertPage(data, next);
    }

    AlertSummary summary(AlertQuery.SummaryRequest request) {
        return snapshot.execute(status -> store.summary(request.query(), request.top()));
    }

    /** An alert id as the API prints it; UUID.fromString alone also takes shapes no alert id has. */
    static Optional<UUID> parseId(String text) {
        return text != null && CANONICAL_UUID.matcher(text).matches() ? Optional.of(UUID.fromString(text))
                : Optional.empty();
    }
}
