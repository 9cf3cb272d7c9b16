package dev.tripline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TimestampsTest {

    private static long nanos(String iso) {
        return Timestamps.fromInstant(OffsetDateTime.parse(iso).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T10:00:00Z", "2026-11-27T10:00:00.1Z", "2026-11-27T10:00:00.12Z",
        "2026-11-27T10:00:00.123Z", "2026-11-27T10:00:00.1234Z", "2026-11-27T10:00:00.12345Z",
        "2026-11-27T10:00:00.123456Z", "2026-11-27T10:00:00.1234567Z", "2026-11-27T10:00:00.12345678Z",
        "2026-11-27T10:00:00.123456789Z", "1969-12-31T23:59:59.999999999Z", "2000-02-29T00:00:00Z"})
    void parsesIsoWithZeroToNineFractionDigits(String iso) {
        assertThat(Timestamps.parse(iso)).isEqualTo(nanos(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T10:00:00+02:00", "2026-11-27T10:00:00.5-05:30", "2026-11-27T10:00:00+00:00"})
    void appliesNumericOffsets(String iso) {
        assertThat(Timestamps.parse(iso)).isEqualTo(nanos(iso));
    }

    @Test
    void acceptsCompactOffsetsAndNoZoneAsUtc() {
        assertThat(Timestamps.parse("2026-11-27T10:00:00+0200")).isEqualTo(nanos("2026-11-27T10:00:00+02:00"));
        assertThat(Timestamps.parse("2026-11-27T10:00:00+02")).isEqualTo(nanos("2026-11-27T10:00:00+02:00"));
        assertThat(Timestamps.parse("2026-11-27T10:00:00")).isEqualTo(nanos("2026-11-27T10:00:00Z"));
        assertThat(Timestamps.parse("2026-11-27")).isEqualTo(nanos("2026-11-27T00:00:00Z"));
        assertThat(Timestamps.parse("2026-11-27T10:00Z")).isEqualTo(nanos("2026-11-27T10:00:00Z"));
    }

    @Test
    void readsEpochMillisecondsAsNumberOrDigits() {
        long expected = Timestamps.fromInstant(Instant.ofEpochMilli(1_764_237_600_123L));
        assertThat(Timestamps.parse("1764237600123")).isEqualTo(expected);
        assertThat(Timestamps.parse(JsonMapper.builder().build().readTree("1764237600123"))).isEqualTo(expected);
        assertThat(Timestamps.parse(JsonMapper.builder().build().readTree("1764237600123.5")))
                .isEqualTo(expected + 500_000);
        assertThat(Timestamps.parse("-1000")).isEqualTo(-1_000_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-27T24:00:00Z",
        "2026-11-27T10:60:00Z", "2026-11-27T10:00:00.Z", "2026-11-27T10:00:00ZZ", "2026-11-27T10:00:00+2",
        "2026-11-27T10:00:00+25:00", "2026-11-27T1:00:00Z", "26-11-27", "2026-11-27T", "-",
        "99999999999999999999"})
    void refusesGarbageWithAnInvalidEventException(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void refusesNullAndNonScalarNodes() {
        var json = JsonMapper.builder().build();
        assertThatThrownBy(() -> Timestamps.parse(json.readTree("null"))).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> Timestamps.parse(json.readTree("true"))).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> Timestamps.parse(json.readTree("{}"))).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> Timestamps.parse(json.readTree("1e300"))).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void refusesAnIntegerBeyondLongAsAnInvalidEventNotAsAConversionFault() {
        var json = JsonMapper.builder().build();
        assertThatThrownBy(() -> Timestamps.parse(json.readTree("99999999999999999999")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("out of range");
    }

    @Test
    void convertsBackToInstants() {
        long nanos = Timestamps.parse("2026-11-27T10:00:00.123456789Z");
        assertThat(Timestamps.toInstant(nanos)).isEqualTo(Instant.parse("2026-11-27T10:00:00.123456789Z"));
        assertThat(Timestamps.toInstant(-1)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999999Z"));
    }
}
