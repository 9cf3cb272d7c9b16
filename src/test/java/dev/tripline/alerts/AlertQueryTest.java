package dev.tripline.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tripline.web.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

class AlertQueryTest {

    @Test
    void noParametersMeanEverythingInFeedOrderFiftyAtATime() {
        AlertQuery.ListRequest request = AlertQuery.parseList(params());

        assertThat(request.limit()).isEqualTo(50);
        assertThat(request.cursor()).isNull();
        assertThat(request.query().descending()).isFalse();
        assertThat(request.query().statuses()).isEmpty();
    }

    @Test
    void listFiltersTakeRepeatedAndCommaSeparatedValuesWithoutRepeats() {
        AlertQuery query = AlertQuery.parseList(params("status", "open,closed", "status", "open", "host_name", "a",
                "host_name", "b")).query();

        assertThat(query.statuses()).containsExactly("open", "closed");
        assertThat(query.hostNames()).containsExactly("a", "b");
    }

    @Test
    void timesAreIsoInstantsWithAnOffset() {
        AlertQuery query = AlertQuery.parseList(params("from", "2025-01-15T11:00:00+01:00", "to",
                "2025-01-15T10:00:01Z", "updated_since", "2025-01-01T00:00:00.5Z")).query();

        assertThat(query.from()).isEqualTo(Instant.parse("2025-01-15T10:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2025-01-15T10:00:01Z"));
        assertThat(query.updatedSince()).isEqualTo(Instant.parse("2025-01-01T00:00:00.5Z"));
    }

    @Test
    void rejectsEveryBadParameterInOneProblem() {
        assertThatThrownBy(() -> AlertQuery.parseList(params("status", "pending", "severity", "severe", "limit", "0",
                "order", "sideways", "from", "2025-01-15", "colour", "red")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(fields(e)).containsExactlyInAnyOrder("status", "severity", "limit", "order", "from",
                            "colour");
                });
    }

    @Test
    void rejectsLimitAboveAThousand() {
        assertThatThrownBy(() -> AlertQuery.parseList(params("limit", "1001")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(fields(e)).containsExactly("limit"));
        assertThat(AlertQuery.parseList(params("limit", "1000")).limit()).isEqualTo(1000);
    }

    @Test
    void rejectsAnEmptyWindow() {
        assertThatThrownBy(() -> AlertQuery.parseList(params("from", "2025-01-15T10:00:00Z", "to",
                "2025-01-15T10:00:00Z")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(fields(e)).containsExactly("to"));
    }

    @Test
    void rejectsAParameterGivenTwiceWhereOnlyOneValueMakesSense() {
        assertThatThrownBy(() -> AlertQuery.parseList(params("limit", "5", "limit", "6")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(fields(e)).containsExactly("limit"));
    }

    @Test
    void acceptsACursorIssuedForTheSameFiltersInAnyValueOrder() {
        AlertQuery query = AlertQuery.parseList(params("status", "open,closed", "rule_id", "r")).query();
        String cursor = new AlertCursor(42, UUID.randomUUID(), query.fingerprint()).encode();

        AlertQuery.ListRequest again = AlertQuery.parseList(params("rule_id", "r", "status", "closed,open", "cursor",
                cursor, "limit", "7"));

        assertThat(again.cursor().position()).isEqualTo(42);
        assertThat(again.limit()).isEqualTo(7);
    }

    @Test
    void refusesACursorIssuedForOtherFiltersOrAnotherOrder() {
        AlertQuery query = AlertQuery.parseList(params("status", "open")).query();
        String cursor = new AlertCursor(42, UUID.randomUUID(), query.fingerprint()).encode();

        for (MultiValueMap<String, String> other : List.of(params("status", "closed", "cursor", cursor),
                params("status", "open", "order", "desc", "cursor", cursor))) {
            assertThatThrownBy(() -> AlertQuery.parseList(other))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(fields(e)).containsExactly("cursor"));
        }
    }

    @Test
    void summaryTakesFiltersAndTopButNoPaging() {
        AlertQuery.SummaryRequest request = AlertQuery.parseSummary(params("severity", "high", "top", "3"));

        assertThat(request.top()).isEqualTo(3);
        assertThat(request.query().severities()).containsExactly("high");
        assertThatThrownBy(() -> AlertQuery.parseSummary(params("cursor", "abc")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(fields(e)).containsExactly("cursor"));
    }

    private static MultiValueMap<String, String> params(String... namesAndValues) {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }

    @SuppressWarnings("unchecked")
    static List<String> fields(ApiException e) {
        return ((List<Map<String, String>>) e.properties().get("errors")).stream().map(error -> error.get("field"))
                .toList();
    }
}
