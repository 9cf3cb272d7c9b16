package dev.tripline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.event.KeyFingerprint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecentEventKeysTest {

    @Test
    void remembersCommittedKeysAndNeverOneThatWasNotCommitted() {
        RecentEventKeys keys = new RecentEventKeys(1_000_000);
        List<KeyFingerprint> committed = fingerprints("committed-", 200_000);
        keys.remember(committed);

        // a key shares a bucket of four with others: at a fifth of the capacity, all but a few hundred stay
        assertThat(committed.stream().filter(keys::seen).count()).isGreaterThan(199_000);
        // a key remembered again is there right after, whether it had been forgotten or not (checked one by one: a
        // key brought back into a full bucket pushes out that bucket's oldest, which may be another of these)
        for (KeyFingerprint key : committed.subList(0, 1_000)) {
            keys.remember(List.of(key));
            assertThat(keys.seen(key)).isTrue();
        }
        // a new event called a re-sent one would not be evaluated: that must never happen
        assertThat(fingerprints("never-sent-", 200_000)).noneMatch(keys::seen);
    }

    @Test
    void aBatchLookupAnswersEachKeyInItsPlace() {
        RecentEventKeys keys = new RecentEventKeys(1_000);
        List<KeyFingerprint> sent = fingerprints("sent-", 3);
        keys.remember(List.of(sent.get(1)));
        KeyFingerprint[] batch = {sent.get(0), sent.get(1), sent.get(2), sent.get(1)};

        assertThat(keys.seen(batch)).containsExactly(false, true, false, true);
        assertThat(new RecentEventKeys(0).seen(batch)).containsExactly(false, false, false, false);
    }

    @Test
    void fingerprintsAreStableAndTellSimilarKeysApart() {
        assertThat(KeyFingerprint.of("evt-1")).isEqualTo(KeyFingerprint.of("evt-1"));
        Set<KeyFingerprint> distinct = new HashSet<>();
        for (String key : List.of("", "a", "b", "ab", "ba", "aa", "a\u0000", "\u0000a", "evt-10", "evt-01",
                "sha256:x", "sha256:y")) {
            distinct.add(KeyFingerprint.of(key));
        }
        assertThat(distinct).hasSize(12).doesNotContain(new KeyFingerprint(0, 0));
    }

    @Test
    void staysWithinItsCapacityAndKeepsTheNewestKeys() {
        RecentEventKeys keys = new RecentEventKeys(4_096);
        List<KeyFingerprint> all = fingerprints("key-", 40_960);
        keys.remember(all);

        long remembered = all.stream().filter(keys::seen).count();
        assertThat(keys.capacity()).isEqualTo(4_096);
        assertThat(remembered).isLessThanOrEqualTo(4_096).isGreaterThan(2_000);
        // the oldest are gone (some 36 newer keys came to each bucket since); the newest few hundred are there (a key
        // goes only once four newer ones came to its bucket)
        assertThat(all.subList(0, 4_096)).noneMatch(keys::seen);
        long newest = all.subList(all.size() - 512, all.size()).stream().filter(keys::seen).count();
        assertThat(newest).isGreaterThan(500);
    }

    @Test
    void aCapacityOfZeroRemembersNothing() {
        RecentEventKeys keys = new RecentEventKeys(0);
        KeyFingerprint key = KeyFingerprint.of("evt-1");
        keys.remember(List.of(key));

        assertThat(keys.seen(key)).isFalse();
        assertThat(keys.capacity()).isZero();
    }

    @Test
    void roundsTheCapacityUpToWholeBuckets() {
        assertThat(new RecentEventKeys(1).capacity()).isEqualTo(4);
        assertThat(new RecentEventKeys(1_000_000).capacity()).isEqualTo(1 << 20);
    }

    private static List<KeyFingerprint> fingerprints(String prefix, int count) {
        List<KeyFingerprint> list = new ArrayList<>(count);
        IntStream.range(0, count).forEach(i -> list.add(KeyFingerprint.of(prefix + i + "-" + UUID
                .nameUUIDFromBytes((prefix + i).getBytes()))));
        return list;
    }
}
