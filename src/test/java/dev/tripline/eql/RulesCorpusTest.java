package dev.tripline.eql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Every EQL query of Elastic's detection rules (the linux and cross-platform rules, and every sequence rule) parses,
 * compiles, and renders to text that parses back to the same query; or is refused with an error that names the
 * construct Elasticsearch's EQL lacks. The rules folder is read from {@value TestData#RULES_PROPERTY} (its
 * subfolders {@code elastic-linux} and {@code elastic-sequences}); without it these tests are skipped.
 */
class RulesCorpusTest {

    private static final TomlMapper TOML = new TomlMapper();

    static Stream<Arguments> rules() throws IOException {
        Path root = TestData.folder(TestData.RULES_PROPERTY).orElse(null);
        if (root == null) {
            return Stream.of(Arguments.of("(rules corpus absent)", null));
        }
        List<Arguments> rules = new ArrayList<>();
        for (String folder : List.of("elastic-linux", "elastic-sequences")) {
            try (Stream<Path> files = Files.list(root.resolve(folder))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".toml")).sorted().toList()) {
                    rules.add(Arguments.of(folder + "/" + file.getFileName(), file));
                }
            }
        }
        return rules.stream();
    }

    static String query(Path file) throws IOException {
        JsonNode rule = TOML.readTree(Files.readString(file)).path("rule");
        return rule.path("query").asString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void everyRuleQueryParsesCompilesAndRoundTrips(String name, Path file) throws IOException {
        Assumptions.assumeTrue(file != null, TestData.absentMessage(TestData.RULES_PROPERTY, "rules corpus"));
        String text = query(file);
        assertThat(text).as("query of %s", name).isNotBlank();
        Query query;
        try {
            query = Eql.parse(text);
        } catch (EqlException e) {
            assertThat(e.kind()).as("%s is refused only for a construct Elasticsearch lacks: %s", name,
                    e.describe()).isEqualTo(EqlException.Kind.UNSUPPORTED);
            return;
        }
        CompiledQuery compiled = Eql.compile(query, CompileOptions.DEFAULTS);
        assertThat(compiled.kind()).isEqualTo(query.kind());
        assertThat(compiled.stages()).isNotEmpty();
        String rendered = query.render();
        try {
            assertThat(Eql.parse(rendered)).as("%s rendered as:%n%s", name, rendered).isEqualTo(query);
        } catch (EqlException e) {
            fail(name + " renders to text that does not parse: " + e.describe() + "\n" + rendered);
        }
    }

    /** The counts for the report: parsed and compiled, refused by reason, failed. */
    @Test
    void corpusSummary() throws IOException {
        Path root = TestData.folder(TestData.RULES_PROPERTY).orElse(null);
        Assumptions.assumeTrue(root != null, TestData.absentMessage(TestData.RULES_PROPERTY, "rules corpus"));
        for (String folder : List.of("elastic-linux", "elastic-sequences")) {
            int total = 0;
            int compiled = 0;
            Map<String, Integer> refused = new TreeMap<>();
            try (Stream<Path> files = Files.list(root.resolve(folder))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".toml")).sorted().toList()) {
                    total++;
                    try {
                        Eql.compile(query(file), CompileOptions.DEFAULTS);
                        compiled++;
                    } catch (EqlException e) {
                        refused.merge(e.kind() + ": " + e.reason(), 1, Integer::sum);
                    }
                }
            }
            System.out.printf("rules corpus %s: %d rules, %d parsed and compiled, %d refused %s%n", folder, total,
                    compiled, total - compiled, refused);
            assertThat(compiled).as("rules of %s that compile", folder).isEqualTo(total);
        }
    }
}
