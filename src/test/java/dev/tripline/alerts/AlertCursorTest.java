package dev.tripline.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AlertCursorTest {

    @Test
    void encodesToAnUrlSafeTokenThatDecodesToTheSamePosition() {
        AlertCursor cursor = new AlertCursor(9_876_543_210L, UUID.randomUUID(), "0123456789abcdef");

        String token = cursor.encode();

        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(AlertCursor.decode(token)).isEqualTo(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not base64!", "YTEuMS4y", "YjEuMS4wMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAuMDEyMzQ1Njc4OWFiY2RlZg"})
    void refusesTokensItDidNotWrite(String token) {
        assertThatThrownBy(() -> AlertCursor.decode(token)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesANegativePositionAndAnOversizedToken() {
        String negative = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("a1.-5." + UUID.randomUUID() + ".0123456789abcdef").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> AlertCursor.decode(negative)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertCursor.decode("A".repeat(500))).isInstanceOf(IllegalArgumentException.class);
    }
}
