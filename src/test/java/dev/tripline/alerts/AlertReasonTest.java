package dev.tripline.alerts;

import dev.tripline.support.DefendEvents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class AlertReasonTest {

    private final DefendEvents.Chain chain = new DefendEvents.Chain("h-1", "web-7", "e-1");

    @Test
    void ipv6DestinationIsBracketedBeforeThePort() {
        List<JsonNode> events = List.of(
                chain.suspiciousExec("/var/tmp/.a", "bash", DefendEvents.T0),
                chain.connection("/var/tmp/.a", "2001:db8::7", 443, DefendEvents.T0),
                chain.shell("dash", "bash", DefendEvents.T0));

        assertThat(AlertReason.describe(events)).isEqualTo(
                "/var/tmp/.a, started from bash, connected to [2001:db8::7]:443 and spawned dash on host web-7 as user"
                        + " ubuntu.");
    }

    @Test
    void acceptedConnectionNamesTheRemoteSource() {
        ObjectNode accept = (ObjectNode) chain.connection("/tmp/x", "10.0.0.5", 8080, DefendEvents.T0);
        accept.withObject("event").put("action", "connection_accepted");
        accept.withObject("source").put("ip", "203.0.113.50").put("port", 51515);

        String reason = AlertReason.describe(List.of(chain.suspiciousExec("/tmp/x", "sh", DefendEvents.T0), accept));

        assertThat(reason).isEqualTo(
                "/tmp/x, started from sh, accepted a connection from 203.0.113.50:51515 on host web-7 as user ubuntu.");
    }

    @Test
    void aSingleProcessStartReadsAsAStartedBinary() {
        String reason = AlertReason.describe(List.of(chain.suspiciousExec("/tmp/x", "zsh", DefendEvents.T0)));

        assertThat(reason).isEqualTo("/tmp/x was started from zsh on host web-7 as user ubuntu.");
    }

    @Test
    void repeatedStepsAreSaidOnce() {
        JsonNode connect = chain.connection("/tmp/x", "198.51.100.1", 4444, DefendEvents.T0);

        String reason = AlertReason.describe(List.of(chain.suspiciousExec("/tmp/x", "sh", DefendEvents.T0), connect,
                connect, connect));

        assertThat(reason).isEqualTo("/tmp/x, started from sh, connected to 198.51.100.1:4444 on host web-7 as user"
                + " ubuntu.");
    }

    @Test
    void fileAndDnsStepsSayWhatWasTouched() {
        ObjectNode file = DefendEvents.JSON.createObjectNode();
        file.putObject("event").put("action", "creation").putArray("category").add("file");
        file.withObject("event").putArray("type").add("creation");
        file.putObject("file").put("path", "/etc/cron.d/evil");
        ObjectNode dns = DefendEvents.JSON.createObjectNode();
        dns.putObject("event").putArray("category").add("dns");
        dns.putObject("dns").putObject("question").put("name", "c2.example.net");

        String reason = AlertReason.describe(List.of(chain.suspiciousExec("/tmp/x", "sh", DefendEvents.T0), dns, file));

        assertThat(reason).isEqualTo("/tmp/x, started from sh, looked up c2.example.net and created /etc/cron.d/evil on"
                + " host web-7 as user ubuntu.");
    }

    @Test
    void attackerControlledValuesCannotBreakTheLineOrGrowTheSentenceWithoutBound() {
        String hostile = "/tmp/" + "A".repeat(10_000) + "\n\rinjected";

        String reason = AlertReason.describe(List.of(chain.suspiciousExec(hostile, "sh", DefendEvents.T0)));

        assertThat(reason).doesNotContain("\n").doesNotContain("\r").doesNotContain("injected");
        assertThat(reason).hasSizeLessThan(AlertReason.MAX_VALUE_LENGTH + 100).contains("…");
    }

    @Test
    void longSequencesListTheFirstStepsAndCountTheRest() {
        List<JsonNode> events = new java.util.ArrayList<>();
        events.add(chain.suspiciousExec("/tmp/x", "sh", DefendEvents.T0));
        for (int i = 0; i < AlertReason.MAX_STEPS + 3; i++) {
            events.add(chain.connection("/tmp/x", "198.51.100." + i, 80, DefendEvents.T0));
        }

        String reason = AlertReason.describe(events);

        assertThat(reason).contains("connected to 198.51.100.5:80 and 3 more steps on host web-7");
        assertThat(reason).doesNotContain("198.51.100.6");
    }
}
