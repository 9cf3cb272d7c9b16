package dev.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class RuleParserTest {

    private final RuleParser parser = new RuleParser();

    static String seed() throws IOException {
        try (InputStream in = RuleParserTest.class.getResourceAsStream(
                "/rules/execution_shell_via_suspicious_binary.toml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parsesTheSeedRuleIntoItsMetadata() throws IOException {
        ElasticRule rule = parser.parseToml(seed());

        assertThat(rule.format()).isEqualTo(RuleFormat.TOML);
        assertThat(rule.ruleId()).isEqualTo("fa3a59dc-33c3-43bf-80a9-e8437a922c7f");
        assertThat(rule.name()).isEqualTo("Potential Reverse Shell via Suspicious Binary");
        assertThat(rule.severity()).isEqualTo("medium");
        assertThat(rule.riskScore()).isEqualTo(47);
        assertThat(rule.tags()).contains("OS: Linux", "Tactic: Execution", "Data Source: Elastic Defend");
        assertThat(rule.references()).singleElement().asString().contains("PayloadsAllTheThings");
        assertThat(rule.query()).startsWith("sequence by host.id, process.entity_id with maxspan=1s");
        assertThat(rule.note()).startsWith("## Triage and analysis");
        assertThat(rule.metadata().get("maturity").asString()).isEqualTo("production");
        assertThat(rule.eventCategoryField()).isNull();
        assertThat(rule.enabled()).isNull();
    }

    @Test
    void keepsTheSeedRulesMitreMappingInElasticsShape() throws IOException {
        ElasticRule rule = parser.parseToml(seed());

        assertThat(rule.threat()).hasSize(2);
        assertThat(rule.threat().get(0).get("framework").asString()).isEqualTo("MITRE ATT&CK");
        assertThat(rule.threat().get(0).get("tactic").get("id").asString()).isEqualTo("TA0002");
        assertThat(rule.threat().get(0).get("technique").get(0).get("id").asString()).isEqualTo("T1059");
        assertThat(rule.threat().get(0).get("technique").get(0).get("subtechnique").get(0).get("id").asString())
                .isEqualTo("T1059.004");
        assertThat(rule.threat().get(1).get("tactic").get("name").asString()).isEqualTo("Command and Control");
    }

    @Test
    void reportsTheLineAndColumnOfATomlSyntaxError() {
        String toml = """
                [metadata]
                maturity = "production"

                [rule]
                name = "x"
                risk_score = = 47
                """;

        assertThatThrownBy(() -> parser.parseToml(toml))
                .isInstanceOfSatisfying(InvalidRuleException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.slug()).isEqualTo(InvalidRuleException.SYNTAX);
                    assertThat(e.properties()).containsEntry("line", 6).containsKey("column");
                    assertThat((Integer) e.properties().get("column")).isPositive();
                    assertThat(e.getMessage()).contains("line 6");
                });
    }

    @Test
    void refusesADuplicateTomlKeyAsASyntaxError() {
        // the TOML reader notices the duplicate once the entry is complete: at the end of its line
        String toml = "[rule]\nname = \"a\"\nname = \"b\"\n";

        assertThatThrownBy(() -> parser.parseToml(toml))
                .isInstanceOfSatisfying(InvalidRuleException.class, e -> {
                    assertThat(e.slug()).isEqualTo(InvalidRuleException.SYNTAX);
                    assertThat(e.getMessage()).contains("Duplicate key");
                    assertThat((Integer) e.properties().get("line")).isBetween(3, 4);
                });
    }

    @Test
    void reportsTheLineAndColumnOfAJsonSyntaxError() {
        String json = "{\n  \"rule_id\": \"r1\",\n  \"name\": \"x\" \"type\": \"eql\"\n}";

        assertThatThrownBy(() -> parser.parseJson(json))
                .isInstanceOfSatisfying(InvalidRuleException.class, e -> {
                    assertThat(e.slug()).isEqualTo(InvalidRuleException.SYNTAX);
                    assertThat(e.properties()).containsEntry("line", 3).containsEntry("format", "json");
                });
    }

    @Test
    void parsesAKibanaJsonRuleObject() {
        String json = """
                {"rule_id": "custom-1", "name": "Netcat listener", "description": "nc -l",
                 "type": "eql", "language": "eql", "query": "process where process.name == \\"nc\\"",
                 "severity": "HIGH", "risk_score": 73, "tags": ["OS: Linux"], "enabled": false,
                 "threat": [{"framework": "MITRE ATT&CK", "tactic": {"id": "TA0011"}}],
                 "event_category_override": "event.type"}
                """;

        ElasticRule rule = parser.parseJson(json);

        assertThat(rule.format()).isEqualTo(RuleFormat.JSON);
        assertThat(rule.ruleId()).isEqualTo("custom-1");
        assertThat(rule.severity()).isEqualTo("high");
        assertThat(rule.riskScore()).isEqualTo(73);
        assertThat(rule.enabled()).isFalse();
        assertThat(rule.eventCategoryField()).isEqualTo("event.type");
        assertThat(rule.threat().get(0).get("tactic").get("id").asString()).isEqualTo("TA0011");
        assertThat(rule.metadata().isEmpty()).isTrue();
    }

    @Test
    void givesAJsonRuleWithoutRuleIdAGeneratedOne() {
        ElasticRule rule = parser.parseJson("""
                {"name": "n", "description": "d", "type": "eql", "query": "any where true",
                 "severity": "low", "risk_score": 1}""");

        assertThat(rule.ruleId()).matches("[0-9a-f-]{36}");
        assertThat(rule.body().get("rule_id").asString()).isEqualTo(rule.ruleId());
    }

    @Test
    void refusesAQueryRuleAsLanguageNotSupported() {
        String toml = """
                [rule]
                rule_id = "kql-1"
                name = "KQL rule"
                type = "query"
                language = "kuery"
                query = "process.name: bash"
                """;

        assertThatThrownBy(() -> parser.parseToml(toml))
                .isInstanceOfSatisfying(InvalidRuleException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
                    assertThat(e.slug()).isEqualTo(InvalidRuleException.LANGUAGE);
                    assertThat(e.properties()).containsEntry("rule_id", "kql-1").containsEntry("rule_type", "query")
                            .containsEntry("language", "kuery");
                    assertThat(e.getMessage()).contains("only EQL rules");
                });
    }

    @Test
    void refusesEsqlThresholdAndMachineLearningRules() {
        for (String type : new String[] {"esql", "threshold", "machine_learning", "new_terms", "threat_match"}) {
            String json = "{\"rule_id\": \"r\", \"type\": \"" + type + "\"}";
            assertThatThrownBy(() -> parser.parseJson(json))
                    .as(type)
                    .isInstanceOfSatisfying(InvalidRuleException.class,
                            e -> assertThat(e.slug()).isEqualTo(InvalidRuleException.LANGUAGE));
        }
    }

    @Test
    void refusesAnEqlTypedRuleWrittenInAnotherLanguage() {
        assertThatThrownBy(() -> parser.parseJson("{\"rule_id\": \"r\", \"type\": \"eql\", \"language\": \"lucene\"}"))
                .isInstanceOfSatisfying(InvalidRuleException.class,
                        e -> assertThat(e.properties()).containsEntry("language", "lucene"));
    }

    @Test
    void listsEveryInvalidFieldAtOnce() {
        String toml = """
                [rule]
                rule_id = "bad id with spaces"
                type = "eql"
                severity = "urgent"
                risk_score = 101
                tags = "not-a-list"
                """;

        assertThatThrownBy(() -> parser.parseToml(toml))
                .isInstanceOfSatisfying(InvalidRuleException.class, e -> {
                    assertThat(e.slug()).isEqualTo(InvalidRuleException.INVALID);
                    assertThat(e.properties().get("errors")).asString()
                            .contains("rule_id", "name", "description", "query", "severity", "risk_score", "tags");
                });
    }

    @Test
    void refusesATomlFileWithoutARuleTable() {
        assertThatThrownBy(() -> parser.parseToml("[metadata]\nmaturity = \"production\"\n"))
                .isInstanceOfSatisfying(InvalidRuleException.class,
                        e -> assertThat(e.properties().get("errors")).asString().contains("[rule]"));
    }

    @Test
    void detectsJsonByItsOpeningBrace() {
        assertThat(RuleParser.detect("  \n{\"a\":1}")).isEqualTo(RuleFormat.JSON);
        assertThat(RuleParser.detect("[rule]\n")).isEqualTo(RuleFormat.TOML);
    }

    @Test
    void placesAQueryLineInTheTomlFile() throws IOException {
        String seed = seed();
        ElasticRule rule = parser.parseToml(seed);
        int queryStart = seed.substring(0, seed.indexOf("query = '''")).split("\n", -1).length;

        assertThat(RuleParser.sourceLine(seed, rule.query(), 1)).isEqualTo(queryStart + 1);
        assertThat(RuleParser.sourceLine(seed, rule.query(), 3)).isEqualTo(queryStart + 3);
        assertThat(RuleParser.sourceLine(seed, "not in the file", 1)).isZero();
    }
}
