package dev.tripline.alerts;

import dev.tripline.support.DefendEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tripline.support.IntegrationTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class AlertsRaiseIT {

    @Autowired
    Alerts alerts;

    @Autowired
    AlertService service;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void raisingTheSameAlertTwiceStoresOneRowAndReportsItNewOnlyOnce() {
        NewAlert alert = TestAlerts.alert("rule-" + UUID.randomUUID());

        List<RaisedAlert> first = alerts.raise(List.of(alert));
        List<RaisedAlert> second = alerts.raise(List.of(alert));

        assertThat(first).containsExactly(new RaisedAlert(alert.id(), alert.rule().ruleId(),
                "Potential Reverse Shell via Suspicious Binary", "medium"));
        assertThat(second).isEmpty();
        assertThat(rows(alert.id())).isEqualTo(1);
    }

    @Test
    void aBatchMixingStoredAndNewAlertsReportsOnlyTheNewOnesInInputOrder() {
        String rule = "rule-" + UUID.randomUUID();
        NewAlert stored = TestAlerts.alert(rule);
        alerts.raise(List.of(stored));
        List<NewAlert> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(TestAlerts.alert(rule));
        }
        batch.add(7, stored);

        List<RaisedAlert> raised = alerts.raise(batch);

        List<UUID> expected = batch.stream().map(NewAlert::id).filter(id -> !id.equals(stored.id())).toList();
        assertThat(raised).extracting(RaisedAlert::id).containsExactlyElementsOf(expected);
    }

    @Test
    void theSameIdTwiceInOneCallIsStoredAndReportedOnce() {
        NewAlert alert = TestAlerts.alert("rule-" + UUID.randomUUID());

        List<RaisedAlert> raised = alerts.raise(List.of(alert, alert));

        assertThat(raised).extracting(RaisedAlert::id).containsExactly(alert.id());
        assertThat(rows(alert.id())).isEqualTo(1);
    }

    @Test
    void concurrentCallersRaisingOverlappingAlertsStoreEachExactlyOnce() throws Exception {
        String rule = "rule-" + UUID.randomUUID();
        List<NewAlert> shared = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            shared.add(TestAlerts.alert(rule));
        }
        int threads = 6;
        CyclicBarrier start = new CyclicBarrier(threads);
        ConcurrentLinkedQueue<UUID> reportedNew = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                // each caller sends the same alerts in its own order: the case that deadlocks without a lock order
                List<NewAlert> mine = new ArrayList<>(shared);
                Collections.shuffle(mine, new java.util.Random(t));
                callers.add(pool.submit(() -> {
                    start.await();
                    alerts.raise(mine).forEach(raised -> reportedNew.add(raised.id()));
                    return null;
                }));
            }
            for (Future<?> caller : callers) {
                caller.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(reportedNew).hasSize(shared.size()).doesNotHaveDuplicates();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM alerts WHERE rule_id = ?", Long.class, rule))
                .isEqualTo(shared.size());
    }

    @Test
    void alertsRaisedInATransactionThatRollsBackAreNotStoredAndARetryStoresThem() {
        NewAlert alert = TestAlerts.alert("rule-" + UUID.randomUUID());
        TransactionTemplate caller = new TransactionTemplate(transactions);

        assertThatThrownBy(() -> caller.executeWithoutResult(status -> {
            assertThat(alerts.raise(List.of(alert))).hasSize(1);
            throw new IllegalStateException("the caller's work failed after raising");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(rows(alert.id())).isZero();
        assertThat(alerts.raise(List.of(alert))).extracting(RaisedAlert::id).containsExactly(alert.id());
    }

    @Test
    void anAlertWhoseNewGuideAnOpenTransactionIsStoringDoesNotWaitForItAndKeepsItsOwnCopy() throws Exception {
        String guide = "## Triage and analysis\n\nA guide no alert had before: " + UUID.randomUUID();
        RuleSnapshot base = TestAlerts.rule("rule-" + UUID.randomUUID());
        RuleSnapshot rule = new RuleSnapshot(base.ruleId(), base.name(), base.revision(), base.severity(),
                base.riskScore(), base.threat(), guide, base.references(), base.tags());
        NewAlert first = TestAlerts.alert(UUID.randomUUID(), rule, DefendEvents.Chain.random(),
                DefendEvents.Chain.random().reverseShell(DefendEvents.T0));
        NewAlert second = TestAlerts.alert(UUID.randomUUID(), rule, DefendEvents.Chain.random(),
                DefendEvents.Chain.random().reverseShell(DefendEvents.T0));
        TransactionTemplate caller = new TransactionTemplate(transactions);
        CountDownLatch stored = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            // an ingest transaction that stored the new guide and has not committed (it waits for an earlier batch)
            Future<?> open = threads.submit(() -> caller.executeWithoutResult(status -> {
                alerts.raise(List.of(first));
                stored.countDown();
                try {
                    finish.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            Future<List<RaisedAlert>> meanwhile;
            try {
                assertThat(stored.await(30, TimeUnit.SECONDS)).isTrue();
                meanwhile = threads.submit(() -> alerts.raise(List.of(second)));
                // before: this insert of the same guide waited for the open transaction to end
                assertThat(meanwhile.get(10, TimeUnit.SECONDS)).as("not waiting for the open transaction")
                        .extracting(RaisedAlert::id).containsExactly(second.id());
            } finally {
                finish.countDown();
            }
            open.get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertThat(service.get(first.id()).investigationGuide()).isEqualTo(guide);
        assertThat(service.get(second.id()).investigationGuide()).isEqualTo(guide);
        assertThat(jdbc.queryForObject("SELECT investigation_guide IS NULL FROM alerts WHERE id = ?", Boolean.class,
                first.id())).as("the first refers to the stored guide").isTrue();
        assertThat(jdbc.queryForObject("SELECT investigation_guide_sha256 IS NULL FROM alerts WHERE id = ?",
                Boolean.class, second.id())).as("the second carries the text itself").isTrue();

        // once the guide is committed, later alerts refer to it
        NewAlert later = TestAlerts.alert(UUID.randomUUID(), rule, DefendEvents.Chain.random(),
                DefendEvents.Chain.random().reverseShell(DefendEvents.T0));
        alerts.raise(List.of(later));
        assertThat(jdbc.queryForObject("SELECT investigation_guide IS NULL AND investigation_guide_sha256 IS NOT NULL "
                + "FROM alerts WHERE id = ?", Boolean.class, later.id())).isTrue();
        assertThat(service.get(later.id()).investigationGuide()).isEqualTo(guide);
    }

    @Test
    void storedAlertKeepsTheRuleMetadataTheDerivedDocumentAndTheEventsInOrder() {
        DefendEvents.Chain chain = DefendEvents.Chain.random();
        NewAlert alert = TestAlerts.alert(UUID.randomUUID(), "rule-" + UUID.randomUUID(), chain, DefendEvents.T0);

        alerts.raise(List.of(alert));
        AlertView stored = service.get(alert.id());

        assertThat(stored.ruleName()).isEqualTo("Potential Reverse Shell via Suspicious Binary");
        assertThat(stored.ruleRevision()).isEqualTo(3);
        assertThat(stored.severity()).isEqualTo("medium");
        assertThat(stored.riskScore()).isEqualTo(47);
        assertThat(stored.status()).isEqualTo("open");
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.investigationGuide()).startsWith("## Triage and analysis");
        assertThat(stored.ruleReferences()).containsExactly("https://example.org/reverse-shells");
        assertThat(stored.ruleTags()).containsExactly("OS: Linux", "Tactic: Execution");
        assertThat(stored.threat().get(0).get("technique").get(0).get("subtechnique").get(0).get("id").stringValue())
                .isEqualTo("T1059.004");
        assertThat(stored.host()).isEqualTo(new AlertView.Host(chain.hostId(), chain.hostName()));
        assertThat(stored.process().get("executable").stringValue()).isEqualTo("/tmp/.x1");
        assertThat(stored.destination().get("port").intValue()).isEqualTo(4444);
        assertThat(stored.joinKeys().get(0).stringValue()).isEqualTo(chain.hostId());
        assertThat(stored.joinKeys().get(1).stringValue()).isEqualTo(chain.entityId());
        assertThat(stored.reason()).isEqualTo("/tmp/.x1, started from sh, connected to 198.51.100.142:4444 and spawned"
                + " sh on host " + chain.hostName() + " as user ubuntu.");
        assertThat(stored.firstEventAt()).isEqualTo(DefendEvents.T0);
        assertThat(stored.lastEventAt()).isEqualTo(DefendEvents.T0.plusMillis(200));
        assertThat(stored.detectedAt()).isNotNull();
        List<JsonNode> events = new ArrayList<>();
        stored.events().forEach(events::add);
        assertThat(events).containsExactlyElementsOf(alert.events().stream().map(AlertEvent::document).toList());
        assertThat(stored.eventIds()).containsExactlyElementsOf(alert.events().stream().map(AlertEvent::key).toList());
    }

    @Test
    void nullJoinKeyValuesAreKept() {
        DefendEvents.Chain chain = DefendEvents.Chain.random();
        NewAlert base = TestAlerts.alert(UUID.randomUUID(), "rule-" + UUID.randomUUID(), chain, DefendEvents.T0);
        List<Object> keys = new ArrayList<>();
        keys.add(chain.hostId());
        keys.add(null);
        NewAlert alert = new NewAlert(base.id(), base.rule(), keys, base.events());

        alerts.raise(List.of(alert));

        List<JsonNode> stored = service.get(alert.id()).joinKeys();
        assertThat(stored.size()).isEqualTo(2);
        assertThat(stored.get(1).isNull()).isTrue();
    }

    @Test
    void anEventCarryingNulCharactersIsStoredRatherThanFailingEveryRetryOfItsBatch() {
        DefendEvents.Chain chain = new DefendEvents.Chain("host\0id", "web\0x", "entity\0id");
        List<JsonNode> documents = chain.reverseShell(DefendEvents.T0);
        ((tools.jackson.databind.node.ObjectNode) documents.get(0).get("process")).put("args\0", "a\0b");
        NewAlert alert = TestAlerts.alert(UUID.randomUUID(), TestAlerts.rule("rule-" + UUID.randomUUID()), chain,
                documents);

        assertThat(alerts.raise(List.of(alert))).hasSize(1);

        AlertView stored = service.get(alert.id());
        assertThat(stored.host()).isEqualTo(new AlertView.Host("host\uFFFDid", "web\uFFFDx"));
        assertThat(stored.joinKeys().get(1).stringValue()).isEqualTo("entity\uFFFDid");
        assertThat(stored.events().get(0).get("process").get("args\uFFFD").stringValue()).isEqualTo("a\uFFFDb");
        assertThat(stored.reason()).doesNotContain("\0");
    }

    private int rows(UUID id) {
        return jdbc.queryForObject("SELECT count(*) FROM alerts WHERE id = ?", Integer.class, id);
    }
}
