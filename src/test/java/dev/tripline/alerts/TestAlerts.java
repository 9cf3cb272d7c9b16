package dev.tripline.alerts;

import dev.tripline.support.DefendEvents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Builds the facade's inputs the way the ingest path will: a rule snapshot and matched events. */
final class TestAlerts {

    static final String SEED_RULE_ID = "fa3a59dc-33c3-43bf-80a9-e8437a922c7f";

    private TestAlerts() {
    }

    static RuleSnapshot rule(String ruleId) {
        JsonNode threat = DefendEvents.JSON.readTree("""
                [{"framework":"MITRE ATT&CK",
                  "tactic":{"id":"TA0002","name":"Execution","reference":"https://attack.mitre.org/tactics/TA0002/"},
                  "technique":[{"id":"T1059","name":"Command and Scripting Interpreter",
                                "reference":"https://attack.mitre.org/techniques/T1059/",
                                "subtechnique":[{"id":"T1059.004","name":"Unix Shell",
                                                 "reference":"https://attack.mitre.org/techniques/T1059/004/"}]}]}]""");
        return new RuleSnapshot(ruleId, "Potential Reverse Shell via Suspicious Binary", 3, "medium", 47, threat,
                "## Triage and analysis\n\nCheck the binary.", List.of("https://example.org/reverse-shells"),
                List.of("OS: Linux", "Tactic: Execution"));
    }

    static NewAlert alert(UUID id, String ruleId, DefendEvents.Chain chain, Instant start) {
        return alert(id, rule(ruleId), chain, chain.reverseShell(start));
    }

    static NewAlert alert(UUID id, RuleSnapshot rule, DefendEvents.Chain chain, List<JsonNode> documents) {
        List<AlertEvent> events = new ArrayList<>();
        for (JsonNode document : documents) {
            events.add(new AlertEvent(document.get("event").get("id").stringValue(),
                    Instant.parse(document.get("@timestamp").stringValue()), document));
        }
        List<Object> joinKeys = new ArrayList<>();
        joinKeys.add(chain.hostId());
        joinKeys.add(chain.entityId());
        return new NewAlert(id, rule, joinKeys, events);
    }

    static NewAlert alert(String ruleId) {
        return alert(UUID.randomUUID(), ruleId, DefendEvents.Chain.random(), DefendEvents.T0);
    }
}
