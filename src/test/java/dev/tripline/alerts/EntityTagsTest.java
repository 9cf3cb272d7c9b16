package dev.tripline.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityTagsTest {

    @Test
    void matchesTheCurrentVersionOnly() {
        assertThat(EntityTags.matches("\"3\"", 3)).isTrue();
        assertThat(EntityTags.matches("\"2\"", 3)).isFalse();
        assertThat(EntityTags.matches("3", 3)).isFalse();
    }

    @Test
    void aWeakTagNeverMatchesBecauseIfMatchComparesStrongly() {
        assertThat(EntityTags.matches("W/\"3\"", 3)).isFalse();
    }

    @Test
    void starMatchesAnyVersion() {
        assertThat(EntityTags.matches("*", 17)).isTrue();
    }

    @Test
    void anyTagOfAListMayMatch() {
        assertThat(EntityTags.matches("\"1\", \"4\" ,\"7\"", 4)).isTrue();
        assertThat(EntityTags.split("\"a,b\", \"c\"")).containsExactly("\"a,b\"", "\"c\"");
    }
}
