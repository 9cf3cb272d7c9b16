package dev.tripline.alerts;

import dev.tripline.support.DefendEvents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PostgresTextTest {

    @Test
    void replacesNulInPlainText() {
        assertThat(PostgresText.clean("a\0b")).isEqualTo("a\uFFFDb");
        assertThat(PostgresText.clean("plain")).isSameAs("plain");
        assertThat(PostgresText.clean(List.of("x", "y\0"))).containsExactly("x", "y\uFFFD");
    }

    @Test
    void replacesEscapedNulInJsonValuesAndNamesButNotAnEscapedBackslashFollowedByU0000() {
        ObjectNode document = DefendEvents.JSON.createObjectNode();
        document.put("args", "run\0me");
        document.put("key\0", 1);
        document.put("literal", "\\u0000 is how JSON writes NUL");
        String json = DefendEvents.JSON.writeValueAsString(document);

        JsonNode cleaned = DefendEvents.JSON.readTree(PostgresText.cleanJson(json));

        assertThat(cleaned.get("args").stringValue()).isEqualTo("run\uFFFDme");
        assertThat(cleaned.has("key\uFFFD")).isTrue();
        assertThat(cleaned.get("literal").stringValue()).isEqualTo("\\u0000 is how JSON writes NUL");
    }

    @Test
    void leavesAnEscapedBackslashBeforeU0000Untouched() {
        String json = "{\"a\":\"\\\\u0000\"}";

        assertThat(PostgresText.cleanJson(json)).isSameAs(json);
    }
}
