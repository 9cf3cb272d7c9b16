package dev.tripline.eql.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RegexTest {

    private static boolean matches(String regex, String value) {
        return Regex.compile(regex, false).matches(value);
    }

    @Test
    void matchesTheWholeValueOnly() {
        assertThat(matches("b.sh", "bash")).isTrue();
        assertThat(matches("as", "bash")).isFalse();
        assertThat(matches(".*as.*", "bash")).isTrue();
    }

    @Test
    void supportsClassesGroupsAlternationAndRepetition() {
        assertThat(matches("[24][0-9]{3}", "4625")).isTrue();
        assertThat(matches("[24][0-9]{3}", "46250")).isFalse();
        assertThat(matches("py(thon)?[0-9]", "python3")).isTrue();
        assertThat(matches("py(thon)?[0-9]", "py3")).isTrue();
        assertThat(matches("(ab|cd)+", "abcdab")).isTrue();
        assertThat(matches("a{2,}", "a")).isFalse();
        assertThat(matches("a{2,}", "aaaa")).isTrue();
        assertThat(matches("[^-]*", "abc")).isTrue();
        assertThat(matches("[^-]*", "a-c")).isFalse();
        assertThat(matches("-[A-NP-Za-np-z][A-Za-z]*[RLDwW][A-Za-z]*", "-aR")).isTrue();
    }

    @Test
    void supportsShorthandClassesAndEscapes() {
        assertThat(matches("/var/run/\\w+\\.(pid|lock)", "/var/run/sshd.pid")).isTrue();
        assertThat(matches("/var/run/\\w+\\.(pid|lock)", "/var/run/sshdXpid")).isFalse();
        assertThat(matches("\\d+\\s\\S+", "12 ab")).isTrue();
        assertThat(matches("[a-z0-9\\s_\\-\\\\./]+\\s", "/usr/bin/ls ")).isTrue();
    }

    @Test
    void supportsLuceneQuotedStringsAnyStringAndEmptyLanguage() {
        assertThat(matches("\"a.b\"c", "a.bc")).isTrue();
        assertThat(matches("\"a.b\"c", "axbc")).isFalse();
        assertThat(matches("a@", "anything")).isTrue();
        assertThat(matches("a#", "a")).isFalse();
        assertThat(matches("", "")).isTrue();
        assertThat(matches("()", "")).isTrue();
    }

    @Test
    void caretAndDollarAreOrdinaryCharacters() {
        assertThat(matches("^a$", "^a$")).isTrue();
        assertThat(matches("^a$", "a")).isFalse();
    }

    @Test
    void caseInsensitiveFormFoldsLettersInLiteralsAndRanges() {
        Regex regex = Regex.compile("[a-c]+\\.EXE", true);
        assertThat(regex.matches("ABC.exe")).isTrue();
        assertThat(regex.matches("abd.exe")).isFalse();
        assertThat(Regex.compile("é", true).matches("É")).isTrue();
    }

    @Test
    void agreesWithJavaRegexOnTheCommonSubset() {
        String[] patterns = {"(a|b)*c", "a+b?c*", "[ab]{1,3}c", ".*ab.*", "(ab)*|c+", "a(b|c){2}d?"};
        Random random = new Random(3);
        for (String pattern : patterns) {
            Regex ours = Regex.compile(pattern, false);
            Pattern java = Pattern.compile(pattern);
            for (int i = 0; i < 2_000; i++) {
                StringBuilder value = new StringBuilder();
                int n = random.nextInt(8);
                for (int k = 0; k < n; k++) {
                    value.append("abcd".charAt(random.nextInt(4)));
                }
                assertThat(ours.matches(value.toString())).as("%s against %s", pattern, value)
                        .isEqualTo(java.matcher(value).matches());
            }
        }
    }

    @Test
    void longValuesMatchInLinearTimeWithoutDeepRecursion() {
        Regex regex = Regex.compile(".*[A-Za-z0-9][A-Za-z0-9\\-]*(\\.[A-Za-z0-9][A-Za-z0-9\\-]*)+(:[0-9]{1,5})?/[^ ]+.*",
                false);
        String longValue = "x.".repeat(200_000) + "com/path";
        assertThat(regex.matches(longValue)).isTrue();
        assertThat(Regex.compile("(a|aa)*b", false).matches("a".repeat(100_000))).isFalse();
    }

    @Test
    void refusesLuceneOperatorsItDoesNotImplementByName() {
        assertThatThrownBy(() -> Regex.compile("a&b", false)).hasMessageContaining("intersection");
        assertThatThrownBy(() -> Regex.compile("~a", false)).hasMessageContaining("complement");
        assertThatThrownBy(() -> Regex.compile("<1-10>", false)).hasMessageContaining("interval");
    }

    @Test
    void refusesInvalidPatternsWithTheirPosition() {
        assertThatThrownBy(() -> Regex.compile("a(b", false)).isInstanceOf(Regex.PatternException.class)
                .hasMessageContaining(")");
        assertThatThrownBy(() -> Regex.compile("[z-a]", false)).hasMessageContaining("reversed");
        assertThatThrownBy(() -> Regex.compile("a{3,1}", false)).hasMessageContaining("reversed");
        Regex.PatternException e = (Regex.PatternException) org.assertj.core.api.Assertions.catchThrowable(
                () -> Regex.compile("abc\\", false));
        assertThat(e.index()).isEqualTo(4);
    }

    @Test
    void refusesPatternsBeyondItsSizeLimits() {
        assertThatThrownBy(() -> Regex.compile("a{1001}", false)).hasMessageContaining("1000");
        assertThatThrownBy(() -> Regex.compile("(a{1000}){1000}", false)).hasMessageContaining("too complex");
        assertThatThrownBy(() -> Regex.compile("(".repeat(200) + "a" + ")".repeat(200), false))
                .hasMessageContaining("nested");
    }
}
