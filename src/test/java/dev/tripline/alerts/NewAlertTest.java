package dev.tripline.alerts;

import dev.tripline.support.DefendEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NewAlertTest {

    private final RuleSnapshot rule = TestAlerts.rule("r-1");

    @Test
    void rejectsAnAlertWithoutEvents() {
        assertThatThrownBy(() -> new NewAlert(UUID.randomUUID(), rule, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no events");
    }

    @Test
    void keepsNullJoinKeyValuesAndCopiesItsLists() {
        List<Object> keys = new ArrayList<>();
        keys.add("host-1");
        keys.add(null);
        NewAlert alert = new NewAlert(UUID.randomUUID(), rule, keys, List.of(event()));
        keys.clear();

        assertThat(alert.joinKeys()).containsExactly("host-1", null);
    }

    @Test
    void ruleSeverityIsNormalisedAndChecked() {
        assertThat(new RuleSnapshot("r", "n", 1, "HIGH", 73, null, null, null, null).severity()).isEqualTo("high");
        assertThatThrownBy(() -> new RuleSnapshot("r", "n", 1, "urgent", 73, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("urgent");
    }

    @Test
    void ruleRiskScoreRevisionAndIdentityAreChecked() {
        assertThatThrownBy(() -> new RuleSnapshot("r", "n", 1, "low", 101, null, null, null, null))
                .hasMessageContaining("101");
        assertThatThrownBy(() -> new RuleSnapshot("r", "n", -1, "low", 1, null, null, null, null))
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new RuleSnapshot(" ", "n", 1, "low", 1, null, null, null, null))
                .hasMessageContaining("rule id");
        assertThatThrownBy(() -> new RuleSnapshot("r", "n", 1, "low", 1, DefendEvents.JSON.readTree("{}"), null, null,
                null)).hasMessageContaining("threat");
    }

    @Test
    void ruleWithoutThreatReferencesOrTagsHasEmptyOnes() {
        RuleSnapshot bare = new RuleSnapshot("r", "n", 0, "low", 0, null, null, null, null);

        assertThat(bare.threat().isArray()).isTrue();
        assertThat(bare.threat().isEmpty()).isTrue();
        assertThat(bare.references()).isEmpty();
        assertThat(bare.tags()).isEmpty();
    }

    @Test
    void anEventMustBeAJsonObject() {
        assertThatThrownBy(() -> new AlertEvent("e", Instant.EPOCH, DefendEvents.JSON.readTree("[1]")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static AlertEvent event() {
        return new AlertEvent("e-1", DefendEvents.T0, DefendEvents.JSON.createObjectNode().put("a", 1));
    }
}
