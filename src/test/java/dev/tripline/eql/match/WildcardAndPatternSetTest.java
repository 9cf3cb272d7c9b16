package dev.tripline.eql.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WildcardAndPatternSetTest {

    @Test
    void starMatchesAnyRunIncludingNone() {
        Wildcard w = Wildcard.compile("/tmp/*", false);
        assertThat(w.matches("/tmp/")).isTrue();
        assertThat(w.matches("/tmp/x/y")).isTrue();
        assertThat(w.matches("/tmpx")).isFalse();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        Wildcard w = Wildcard.compile("a?c", false);
        assertThat(w.matches("abc")).isTrue();
        assertThat(w.matches("ac")).isFalse();
        assertThat(w.matches("abbc")).isFalse();
    }

    @Test
    void backslashIsAnOrdinaryCharacter() {
        Wildcard w = Wildcard.compile("C:\\Windows\\*\\cmd.exe", false);
        assertThat(w.matches("C:\\Windows\\System32\\cmd.exe")).isTrue();
        assertThat(w.matches("C:\\Windows*cmd.exe")).isFalse();
    }

    @Test
    void caseInsensitiveMatchingFoldsBothSides() {
        assertThat(Wildcard.compile("*POWERSHELL*", true).matches("c:\\windows\\PowerShell.exe")).isTrue();
        assertThat(Wildcard.compile("*POWERSHELL*", false).matches("c:\\windows\\PowerShell.exe")).isFalse();
    }

    @Test
    void backtrackingFindsLateMatchesWithoutRecursion() {
        Wildcard w = Wildcard.compile("*a*b*c*d", false);
        assertThat(w.matches("xaxbxcxdxaxbxcxd")).isTrue();
        assertThat(w.matches("a".repeat(100_000) + "bcd")).isTrue();
        assertThat(w.matches("a".repeat(100_000))).isFalse();
    }

    @Test
    void agreesWithAnEquivalentRegexOnRandomInputs() {
        Random random = new Random(42);
        String alphabet = "ab*?";
        for (int i = 0; i < 5_000; i++) {
            String pattern = randomString(random, alphabet, 6);
            String value = randomString(random, "ab", 8);
            String regex = pattern.replace("*", ".*").replace("?", ".");
            assertThat(Wildcard.compile(pattern, false).matches(value))
                    .as("%s against %s", pattern, value)
                    .isEqualTo(Pattern.compile(regex, Pattern.DOTALL).matcher(value).matches());
        }
    }

    @Test
    void patternSetSortsPatternsByShapeAndAnswersLikeEachWildcard() {
        List<String> patterns = List.of("./*", "/tmp/*", "/etc/crontab", "/etc/rc*.d/*", "*.sh", "*cron*", "*",
                "a?c");
        Random random = new Random(7);
        String[] values = {"/tmp/x", "./run", "/etc/crontab", "/etc/rc3.d/S01", "/etc/rc.local", "x.sh", "acron",
            "abc", "ac", "/usr/bin/ls", ""};
        for (boolean insensitive : new boolean[] {false, true}) {
            for (int n = 1; n <= patterns.size(); n++) {
                List<String> subset = patterns.subList(0, n);
                PatternSet set = PatternSet.compile(subset, insensitive);
                for (String value : values) {
                    String v = random.nextBoolean() ? value.toUpperCase() : value;
                    boolean expected = subset.stream().anyMatch(p -> Wildcard.compile(p, insensitive).matches(v));
                    assertThat(set.matches(v)).as("%s against %s (insensitive %s)", subset, v, insensitive)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void patternSetAgreesWithItsWildcardsOnRandomSetsOfPatterns() {
        // shared heads, heads that end where another goes on, upper case, non-ASCII letters and the Kelvin sign
        // (which folds to an ASCII k): the trie's edges and ends must answer as each pattern does alone
        String patternAlphabet = "ab/kÉ*?";
        String valueAlphabet = "abAB/kKÉé\u212A";
        Random random = new Random(2026);
        for (int i = 0; i < 3_000; i++) {
            List<String> patterns = new java.util.ArrayList<>();
            for (int p = 1 + random.nextInt(6); p > 0; p--) {
                patterns.add(randomString(random, patternAlphabet, 5));
            }
            boolean insensitive = random.nextBoolean();
            PatternSet set = PatternSet.compile(patterns, insensitive);
            for (int v = 0; v < 20; v++) {
                String value = randomString(random, valueAlphabet, 6);
                boolean expected = patterns.stream().anyMatch(p -> Wildcard.compile(p, insensitive).matches(value));
                assertThat(set.matches(value)).as("%s against %s (insensitive %s)", patterns, value, insensitive)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void foldedStringSetFindsValuesIgnoringCaseOnly() {
        FoldedStringSet set = new FoldedStringSet(List.of("bash", "Zsh", "PowerShell.exe", ""));
        assertThat(set.contains("BASH")).isTrue();
        assertThat(set.contains("zsh")).isTrue();
        assertThat(set.contains("powershell.EXE")).isTrue();
        assertThat(set.contains("")).isTrue();
        assertThat(set.contains("bas")).isFalse();
        assertThat(set.contains("dash")).isFalse();
    }

    @Test
    void foldingTreatsNonAsciiLettersLikeEqualsIgnoreCase() {
        assertThat(CaseFold.equalsFolded("ÉCOLE", CaseFold.fold("école"))).isTrue();
        assertThat(CaseFold.equalsFolded("straße", CaseFold.fold("STRASSE"))).isFalse();
        assertThat(CaseFold.compareFolded("abc", "ABD")).isNegative();
    }

    private static String randomString(Random random, String alphabet, int max) {
        int n = random.nextInt(max + 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
