package dev.tripline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StringIndexTest {

    @Test
    void findsEveryKeyByAnEqualStringAndNothingForOthersEvenWhenHashesCollide() {
        // "Aa" and "BB" have the same hashCode, and so have all their concatenations of equal length
        Map<String, Integer> entries = new LinkedHashMap<>();
        String[] keys = {"Aa", "BB", "AaAa", "AaBB", "BBAa", "process", "network", ""};
        for (int i = 0; i < keys.length; i++) {
            entries.put(keys[i], i);
        }
        StringIndex<Integer> index = new StringIndex<>(entries);

        for (int i = 0; i < keys.length; i++) {
            // a copy, as an event's value is another instance than the rule's
            assertThat(index.get(new String(keys[i].toCharArray()))).as(keys[i]).isEqualTo(i);
        }
        assertThat(index.get("BBBB")).as("absent, same hash as AaAa").isNull();
        assertThat(index.get("file")).isNull();
        assertThat(index.values()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void anEmptyIndexFindsNothing() {
        StringIndex<Integer> index = new StringIndex<>(Map.of());

        assertThat(index.get("process")).isNull();
        assertThat(index.values()).isEmpty();
    }
}
