package dev.tripline.eql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Robustness: queries of the golden corpus, damaged at random (characters and tokens deleted, inserted, repeated,
 * swapped; brackets nested deeply; text grown past the limits), always give a {@link Query} or an
 * {@link EqlException}, never another exception, and never take long. Whatever parses also compiles and renders to
 * text that parses back to the same query. Each seed is a separate test; a failure names its seed and input.
 */
class MutatedQueriesTest {

    private static final int MUTANTS_PER_SEED = 240;
    private static final List<String> SEEDS = seeds();
    private static final String[] FRAGMENTS = {
        " and ", " or ", " not ", "(", ")", "[", "]", "\"", "\"\"\"", "'", "`", ":", "==", "!=", "=", "<", ">=", ",",
        "*", "?", "~", "|", "| head 1", " in (", " in~ (", " like~ ", " regex ", "\\", "\\u{", "/*", "*/", "//",
        "\n", "sequence ", " by ", " with maxspan=", "1s", " with runs=", "![", " until ", "sample ", "any where ",
        "process where ", "null", "true", "-", "1e999", "99999999999999999999", ".", "?x", "startsWith~(", "cidrMatch(",
        "\"10.0.0.0/8\"", "length(", "\u0000", "\uD83D\uDE00", "\uD800", "é", "\t", "0x", "#", "@", "&", "<1-2>",
    };

    static Stream<Long> seedValues() {
        return LongStream.range(0, 25).map(i -> 0x5EED0000L + i).boxed();
    }

    private static List<String> seeds() {
        List<String> seeds = new ArrayList<>();
        GoldenCorpusTest.allCases().forEach(c -> seeds.add(c.query()));
        seeds.add("sequence by host.id, process.entity_id with maxspan=1s\n"
                + "  [process where event.type == \"start\" and process.executable : (\"/tmp/*\", \"./*\")]\n"
                + "  [network where destination.ip != null and not cidrMatch(destination.ip, \"127.0.0.0/8\")]\n"
                + "  ![file where file.path like~ \"*.sh\"]\n"
                + "until [process where event.type == \"end\"]\n| tail 3");
        seeds.add("sample by host.id [process where true] [network where process.name regex~ \"n[a-z]+\"]");
        seeds.add("sequence with maxspan=5m [any where `a b`.c == \"\"\"x\\y\"\"\"] with runs=3 [any where ?f.g < -1.5e3]");
        return seeds;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seedValues")
    void damagedQueriesGiveAQueryOrAnEqlExceptionAndNothingElse(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < MUTANTS_PER_SEED; i++) {
            String original = SEEDS.get(random.nextInt(SEEDS.size()));
            String mutant = mutate(original, random);
            check(seed, mutant);
        }
    }

    static void check(long seed, String input) {
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> parseCompileAndRoundTrip(input),
                    () -> "seed " + seed + ": took too long on input: " + printable(input));
        } catch (EqlException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable unexpected) {
            fail("seed " + seed + ": " + unexpected + " on input: " + printable(input), unexpected);
        }
    }

    /** The property every input must have; shared with the fuzz test. */
    static void parseCompileAndRoundTrip(String input) {
        Query query = Eql.parse(input);
        Eql.compile(query, CompileOptions.DEFAULTS);
        String rendered = query.render();
        Query again;
        try {
            again = Eql.parse(rendered);
        } catch (EqlException e) {
            throw new AssertionError("rendered text does not parse: " + e.describe() + "\nrendered: "
                    + printable(rendered) + "\ninput: " + printable(input));
        }
        if (!again.equals(query)) {
            throw new AssertionError("round trip changed the query\ninput: " + printable(input) + "\nrendered: "
                    + printable(rendered) + "\nre-rendered: " + printable(again.render()));
        }
    }

    private static String mutate(String query, Random random) {
        StringBuilder text = new StringBuilder(query);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = text.length() == 0 ? 0 : random.nextInt(text.length() + 1);
            switch (random.nextInt(8)) {
                case 0 -> {
                    if (text.length() > 0) {
                        int end = Math.min(text.length(), at + 1 + random.nextInt(8));
                        text.delete(Math.min(at, text.length()), end);
                    }
                }
                case 1 -> text.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 2 -> text.insert(at, (char) random.nextInt(128));
                case 3 -> {
                    if (text.length() > 2) {
                        int from = random.nextInt(text.length() - 1);
                        int to = Math.min(text.length(), from + 1 + random.nextInt(20));
                        text.insert(at, text.substring(from, to));
                    }
                }
                case 4 -> {
                    if (text.length() > 1) {
                        int i = random.nextInt(text.length() - 1);
                        char c = text.charAt(i);
                        text.setCharAt(i, text.charAt(i + 1));
                        text.setCharAt(i + 1, c);
                    }
                }
                case 5 -> {
                    int depth = random.nextInt(150);
                    String open = random.nextBoolean() ? "(" : "not ";
                    text.insert(at, open.repeat(depth));
                    if (open.equals("(")) {
                        text.append(")".repeat(random.nextInt(depth + 1)));
                    }
                }
                case 6 -> {
                    if (random.nextInt(20) == 0) {
                        text.append(" and a == 1".repeat(random.nextInt(12_000)));
                    } else {
                        text.insert(at, " + 1".repeat(random.nextInt(400)));
                    }
                }
                default -> text.replace(at, Math.min(text.length(), at + 1),
                        FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
        }
        return text.toString();
    }

    static String printable(String text) {
        String shown = text.length() > 400 ? text.substring(0, 400) + "...(" + text.length() + " chars)" : text;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (c < 32 && c != '\n' || c == 0x7f || Character.isSurrogate((char) c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
