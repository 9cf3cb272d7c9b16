package dev.tripline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.engine.TermIndexEquivalence.Comparison;
import dev.tripline.eql.CompileOptions;
import dev.tripline.eql.Eql;
import dev.tripline.event.Event;
import dev.tripline.workload.SeedRule;
import dev.tripline.workload.Workload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * The term index ({@link Dispatch}) only skips stages that could not hold: the same rules on the same events give the
 * same matches and the same counters with it and without it.
 */
class TermIndexEquivalenceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TomlMapper TOML = TomlMapper.builder().build();
    private static final String RULES_PROPERTY = "tripline.rules.corpus.dir";

    /** Rules over W1's fields: exact terms the index files under, and forms it must leave alone. */
    private static final List<String> W1_QUERIES = List.of(
            "process where process.name in (\"bash\", \"sh\", \"zsh\")",
            "process where event.action == \"exec\" and process.parent.name == \"sshd\"",
            "process where process.name : \"BASH\"",
            "process where process.name like \"ba*\"",
            "any where process.name == \"sshd\" or process.name == \"cron\"",
            "network where destination.port == 4444",
            "sequence by host.id with maxspan=1s [process where process.name == \"sshd\"] "
                    + "[network where event.action == \"connection_attempted\"]");

    @Test
    void w1GivesTheSameMatchesAndCountersWithAndWithoutTheTermIndex() throws IOException {
        Workload w1 = Workload.generate(Workload.W1.scaledDown(200));
        List<RuleSpec> rules = new ArrayList<>();
        rules.add(new RuleSpec(SeedRule.RULE_ID, 1, Eql.compile(seedQuery(), CompileOptions.DEFAULTS)));
        for (int i = 0; i < W1_QUERIES.size(); i++) {
            rules.add(new RuleSpec("w1-" + i, 1, Eql.compile(W1_QUERIES.get(i), CompileOptions.DEFAULTS)));
        }

        Comparison c = TermIndexEquivalence.run(rules, batches(w1.events(), 1000));

        assertThat(c.indexed().filedStages()).isGreaterThanOrEqualTo(5);
        assertThat(c.unindexed().filedStages()).isZero();
        assertThat(c.indexed().matches()).isEqualTo(c.unindexed().matches());
        assertThat(c.indexed().counters()).isEqualTo(c.unindexed().counters());
        assertThat(c.indexed().matches()).filteredOn(m -> m.startsWith(SeedRule.RULE_ID + ":"))
                .hasSize(w1.expectedAlerts());
        assertThat(c.indexed().counters()).allSatisfy(rule -> assertThat(rule.eventsSeen()).isPositive());
    }

    /**
     * Values of every kind under the indexed fields: arrays (nested too), flattened dotted keys, numbers and booleans
     * where rules compare strings, other cases of the same letters.
     */
    @Test
    void valuesOfEveryShapeGiveTheSameMatchesWithAndWithoutTheTermIndex() {
        List<Event> events = List.of(
                event(1, "{\"process\": {\"name\": \"bash\"}, \"user\": {\"id\": \"0\"}}"),
                event(2, "{\"process\": {\"name\": [\"python\", \"bash\"]}}"),
                event(3, "{\"process\": {\"name\": [[\"zsh\"]]}}"),
                event(4, "{\"process.name\": \"bash\"}"),
                event(5, "{\"process\": {\"name\": \"BASH\"}}"),
                event(6, "{\"process\": {\"name\": 5}, \"user\": {\"id\": 0}}"),
                event(7, "{\"process\": {\"name\": true}, \"flag\": \"true\"}"),
                event(8, "{\"process\": [{\"name\": \"sh\"}, {\"name\": \"ls\"}]}"),
                event(9, "{\"process\": {\"name\": null}}"),
                event(10, "{\"process\": {\"title\": \"bash\"}}"));
        List<String> queries = List.of(
                "process where process.name == \"bash\"",
                "process where process.name in (\"bash\", \"zsh\")",
                "process where process.name in (\"bash\", 5)",
                "process where process.name in (\"sh\", \"true\")",
                "process where process.name == \"5\"",
                "process where process.name : \"bash\"",
                "process where process.name in~ (\"bash\")",
                "process where process.name like \"b*\"",
                "process where process.name != \"bash\"",
                "process where not process.name in (\"bash\", \"sh\")",
                "process where user.id == \"0\"",
                "process where flag == true",
                "process where process.name == \"bash\" or process.title == \"bash\"",
                "process where process.name == \"bash\" or process.name == \"sh\"");
        List<RuleSpec> rules = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            rules.add(new RuleSpec(i + ": " + queries.get(i), 1, Eql.compile(queries.get(i), CompileOptions.DEFAULTS)));
        }

        Comparison c = TermIndexEquivalence.run(rules, List.of(events));

        assertThat(c.indexed().matches()).isEqualTo(c.unindexed().matches());
        assertThat(c.indexed().counters()).isEqualTo(c.unindexed().counters());
        // filed: only == and in against strings that spell no number or boolean (rules 0 and 1), and an or whose
        // every alternative requires the same field (13; not 12, whose alternatives test different fields)
        assertThat(c.indexed().filedStages()).isEqualTo(3);
        assertThat(matchedIds(c, "0: ")).containsExactly("e1", "e2", "e4");
        assertThat(matchedIds(c, "1: ")).containsExactly("e1", "e2", "e3", "e4");
        assertThat(matchedIds(c, "2: ")).containsExactly("e1", "e2", "e4", "e6");
        assertThat(matchedIds(c, "3: ")).containsExactly("e7", "e8");
        assertThat(matchedIds(c, "10: ")).containsExactly("e1", "e6");
        assertThat(matchedIds(c, "13: ")).containsExactly("e1", "e2", "e4", "e8");
    }

    /**
     * Every EQL rule of the rules corpus (its elastic-linux and elastic-sequences folders) at once, with the seed rule,
     * on a slice of W1 and the seed chain's documents: the index files most stages and changes no answer.
     */
    @Test
    void everyCorpusRuleGivesTheSameMatchesWithAndWithoutTheTermIndex() throws IOException {
        Path root = corpusRoot();
        Assumptions.assumeTrue(root != null, "rules corpus not available: set system property " + RULES_PROPERTY
                + " or environment variable TRIPLINE_RULES_CORPUS_DIR to its folder (with elastic-linux/ and "
                + "elastic-sequences/)");
        List<RuleSpec> rules = new ArrayList<>();
        for (String folder : List.of("elastic-linux", "elastic-sequences")) {
            try (Stream<Path> files = Files.list(root.resolve(folder))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".toml")).sorted().toList()) {
                    JsonNode rule = TOML.readTree(file.toFile()).path("rule");
                    if (!"eql".equals(rule.path("language").asString())) {
                        continue;
                    }
                    try {
                        rules.add(new RuleSpec(folder + "/" + file.getFileName(), 1,
                                Eql.compile(rule.path("query").asString(), CompileOptions.DEFAULTS)));
                    } catch (RuntimeException refusedByTheCompiler) {
                        // the compiler's refusals are RulesCorpusTest's subject
                    }
                }
            }
        }
        Workload w1 = Workload.generate(Workload.W1.scaledDown(100));

        Comparison c = TermIndexEquivalence.run(rules, batches(w1.events(), 1000));

        assertThat(rules).hasSizeGreaterThan(300);
        assertThat(c.indexed().refused()).isEqualTo(c.unindexed().refused());
        assertThat(c.indexed().filedStages()).isGreaterThan(100);
        assertThat(c.indexed().matches()).isEqualTo(c.unindexed().matches());
        assertThat(c.indexed().counters()).isEqualTo(c.unindexed().counters());
        assertThat(c.indexed().counters().stream().mapToLong(RuleCounters::stageHits).sum()).isPositive();
    }

    private static List<String> matchedIds(Comparison c, String rulePrefix) {
        return c.indexed().matches().stream().filter(m -> m.startsWith(rulePrefix))
                .map(m -> m.substring(m.lastIndexOf(": ") + 2)).toList();
    }

    private static Event event(int id, String fields) {
        ObjectNode doc = (ObjectNode) JSON.readTree(fields);
        doc.put("@timestamp", "2026-01-01T00:00:" + String.format("%02d", id) + "Z");
        doc.putObject("event").put("id", "e" + id).putArray("category").add("process");
        doc.putObject("host").put("id", "h1");
        return Event.from(doc);
    }

    private static String seedQuery() throws IOException {
        try (InputStream in = TermIndexEquivalenceTest.class
                .getResourceAsStream("/rules/execution_shell_via_suspicious_binary.toml")) {
            return TOML.readTree(in).path("rule").path("query").asString();
        }
    }

    private static List<List<Event>> batches(List<Event> events, int size) {
        List<List<Event>> batches = new ArrayList<>();
        for (int i = 0; i < events.size(); i += size) {
            batches.add(events.subList(i, Math.min(events.size(), i + size)));
        }
        return batches;
    }

    private static Path corpusRoot() {
        String dir = System.getProperty(RULES_PROPERTY, "");
        if (dir.isBlank()) {
            dir = System.getenv().getOrDefault("TRIPLINE_RULES_CORPUS_DIR", "");
        }
        return !dir.isBlank() && Files.isDirectory(Path.of(dir)) ? Path.of(dir) : null;
    }
}
