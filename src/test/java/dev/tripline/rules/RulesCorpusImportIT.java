package dev.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.support.IntegrationTest;
import dev.tripline.support.TestApiKeys;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Imports a folder of Elastic detection-rules files (Elastic's Linux and cross-platform EQL rules) into the running
 * service through {@code POST /api/v1/rules/_import} and reports how many import and why the others were refused.
 * The rules are test data kept outside the repository: pass the folder as {@code -Dtripline.rules.corpus.dir=...} or
 * {@code TRIPLINE_RULES_CORPUS_DIR}; without it the test is skipped with a message.
 */
@IntegrationTest
class RulesCorpusImportIT {

    @LocalServerPort
    int port;

    static Path corpus() {
        String dir = System.getProperty("tripline.rules.corpus.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("TRIPLINE_RULES_CORPUS_DIR");
        }
        if (dir == null || dir.isBlank()) {
            return null;
        }
        // the corpus root holds elastic-linux/ (the 350 Linux and cross-platform rules); a folder of TOML files works too
        Path root = Path.of(dir);
        Path linux = root.resolve("elastic-linux");
        return Files.isDirectory(linux) ? linux : root;
    }

    @Test
    void importsAtLeastNinetyFivePercentOfAnElasticRulesFolder() throws IOException {
        Path dir = corpus();
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "Rules corpus not given: set -Dtripline.rules.corpus.dir or TRIPLINE_RULES_CORPUS_DIR to a folder of "
                        + "Elastic detection-rules TOML files");
        List<String> parts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".toml")).sorted().toList()) {
                parts.add(file.getFileName().toString());
                parts.add(Files.readString(file));
            }
        }
        int files = parts.size() / 2;

        long started = System.nanoTime();
        RulesHttp.Response response = new RulesHttp(port).multipart("/api/v1/rules/_import", TestApiKeys.ADMIN,
                parts.toArray(String[]::new));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode report = response.json();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (JsonNode result : report.get("results")) {
            String outcome = result.get("status").asString();
            if (outcome.equals("error")) {
                outcome = "error: " + result.get("error").get("type").asString().replace("urn:tripline:problem:", "");
                System.out.println("refused " + result.get("source").asString() + ": "
                        + result.get("error").get("detail").asString());
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        System.out.printf("Rules corpus import: %d files in %d ms: %s%n", files, millis, outcomes);

        assertThat(report.get("rules_count").asInt()).isEqualTo(files);
        int stored = outcomes.getOrDefault("created", 0) + outcomes.getOrDefault("unchanged", 0)
                + outcomes.getOrDefault("updated", 0)
                // a rule already stored here (the built-in seed rule is one of Elastic's Linux rules)
                + outcomes.getOrDefault("error: rule-exists", 0);
        assertThat(stored).as("rules stored of %d: %s", files, outcomes).isGreaterThanOrEqualTo((int) Math.ceil(files * 0.95));
        assertThat(outcomes.keySet()).as("refusals are problems the author can act on, never a server error")
                .noneMatch(outcome -> outcome.contains("internal"));
    }
}
