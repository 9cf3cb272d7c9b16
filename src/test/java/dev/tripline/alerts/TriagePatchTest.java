package dev.tripline.alerts;

import dev.tripline.support.DefendEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tripline.web.ApiException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TriagePatchTest {

    private final TriageState open = new TriageState(UUID.randomUUID(), AlertStatus.OPEN, null, "ana",
            List.of("lab"), 4);
    private final TriageState closed = new TriageState(UUID.randomUUID(), AlertStatus.CLOSED,
            StatusReason.DUPLICATE, null, List.of(), 2);

    @Test
    void absentFieldsStayAsTheyAre() {
        TriageState next = parse("{\"status\":\"acknowledged\"}").applyTo(open);

        assertThat(next).isEqualTo(new TriageState(open.id(), AlertStatus.ACKNOWLEDGED, null, "ana", List.of("lab"), 4));
    }

    @Test
    void nullUnassignsAndAnEmptyArrayRemovesTags() {
        TriageState next = parse("{\"assignee\":null,\"tags\":[]}").applyTo(open);

        assertThat(next.assignee()).isNull();
        assertThat(next.tags()).isEmpty();
        assertThat(next.status()).isEqualTo(AlertStatus.OPEN);
    }

    @Test
    void closingTakesAReasonAndReopeningDropsIt() {
        TriageState closedNow = parse("{\"status\":\"closed\",\"status_reason\":\"true_positive\"}").applyTo(open);
        TriageState reopened = parse("{\"status\":\"open\"}").applyTo(closed);

        assertThat(closedNow.statusReason()).isEqualTo(StatusReason.TRUE_POSITIVE);
        assertThat(reopened.statusReason()).isNull();
    }

    @Test
    void theReasonOfAClosedAlertCanChangeOnItsOwn() {
        TriageState next = parse("{\"status_reason\":\"false_positive\"}").applyTo(closed);

        assertThat(next.status()).isEqualTo(AlertStatus.CLOSED);
        assertThat(next.statusReason()).isEqualTo(StatusReason.FALSE_POSITIVE);
    }

    @Test
    void aReasonForAnAlertThatIsNotClosedIsUnprocessable() {
        TriagePatch patch = parse("{\"status_reason\":\"other\"}");

        assertThatThrownBy(() -> patch.applyTo(open)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status().value()).isEqualTo(422));
        assertThatThrownBy(() -> parse("{\"status\":\"open\",\"status_reason\":\"other\"}").applyTo(closed))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void unknownFieldsAreNamedAllAtOnce() {
        assertThatThrownBy(() -> parse("{\"status\":\"open\",\"Status\":\"x\",\"severity\":\"low\"}"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(AlertQueryTest.fields(e)).containsExactly("Status", "severity"));
    }

    @Test
    void tagsAreTrimmedAndRepeatsDropped() {
        TriageState next = parse("{\"tags\":[\" c2 \",\"c2\",\"beacon\"]}").applyTo(open);

        assertThat(next.tags()).containsExactly("c2", "beacon");
    }

    @Test
    void boundsAssigneeAndTags() {
        String tooLong = "x".repeat(TriageFields.MAX_ASSIGNEE_LENGTH + 1);
        StringBuilder manyTags = new StringBuilder("[");
        for (int i = 0; i <= TriageFields.MAX_TAGS; i++) {
            manyTags.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        manyTags.append(']');

        assertThatThrownBy(() -> parse("{\"assignee\":\"" + tooLong + "\"}"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(AlertQueryTest.fields(e)).containsExactly("assignee"));
        assertThatThrownBy(() -> parse("{\"tags\":" + manyTags + "}"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(AlertQueryTest.fields(e)).containsExactly("tags"));
        assertThatThrownBy(() -> parse("{\"assignee\":\"a\\nb\"}")).isInstanceOf(ApiException.class);
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> TriagePatch.parse(DefendEvents.JSON.readTree("\"closed\"")))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> TriagePatch.parse(null)).isInstanceOf(ApiException.class);
    }

    private static TriagePatch parse(String body) {
        return TriagePatch.parse(DefendEvents.JSON.readTree(body));
    }
}
