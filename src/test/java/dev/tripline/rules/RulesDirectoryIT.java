package dev.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineBatch;
import dev.tripline.eql.EventPredicate;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import dev.tripline.support.IntegrationTest;
import dev.tripline.support.TestApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A service started with TRIPLINE_RULES_DIR holding good and bad files, and with an exclusion source standing in for
 * the exceptions and allowlist features: bad files are reported, never fatal; exclusions reach engine and preview.
 */
@IntegrationTest
@Import(RulesDirectoryIT.TrustedUserExclusions.class)
class RulesDirectoryIT {

    static final Path DIR = rulesDir();
    static final String GOOD_ID = "dir-rule-good";

    @DynamicPropertySource
    static void rulesDir(DynamicPropertyRegistry registry) {
        registry.add("tripline.rules.dir", DIR::toString);
    }

    private static Path rulesDir() {
        try {
            Path dir = Files.createTempDirectory("tripline-rules-dir");
            Files.writeString(dir.resolve("good.toml"), RulesApiIT.toml(GOOD_ID, "process where true", "high"));
            Files.createDirectories(dir.resolve("nested"));
            Files.writeString(dir.resolve("nested/broken.toml"), "[rule]\nname = \"x\"\nrisk_score = = 1\n");
            Files.writeString(dir.resolve("kuery.json"), """
                    {"rule_id": "dir-kuery", "type": "query", "language": "kuery", "query": "x"}""");
            Files.writeString(dir.resolve("steals-seed.toml"), RulesApiIT.toml(RulesApiIT.SEED_ID,
                    "process where true", "low"));
            Files.writeString(dir.resolve("README.md"), "not a rule");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Excludes, for the seed rule, every event of user "trusted". */
    @TestConfiguration
    static class TrustedUserExclusions {

        static final FieldPath USER = FieldPath.of("user.name");

        @Bean
        RuleExclusionSource trustedUser() {
            return new RuleExclusionSource() {
                @Override
                public EventPredicate exclusionFor(String ruleId) {
                    return RulesApiIT.SEED_ID.equals(ruleId) ? TrustedUserExclusions::trusted : null;
                }

                @Override
                public List<RuleSuppression> explain(String ruleId, Event event) {
                    return RulesApiIT.SEED_ID.equals(ruleId) && trusted(event)
                            ? List.of(new RuleSuppression("allowlist", "al-1", "user.name is trusted"))
                            : List.of();
                }
            };
        }

        static boolean trusted(Event event) {
            JsonNode user = event.get(USER);
            return user != null && "trusted".equals(user.asString());
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    DetectionEngine engine;

    RulesHttp http;

    @BeforeEach
    void client() {
        http = new RulesHttp(port);
    }

    @Test
    void loadsTheGoodFileAsADirectoryRule() {
        JsonNode rule = http.get("/api/v1/rules/" + GOOD_ID, TestApiKeys.VIEWER).json();

        assertThat(rule.get("origin").asString()).isEqualTo("directory");
        assertThat(rule.get("installed").asBoolean()).isTrue();
        assertThat(rule.get("builtin").asBoolean()).isFalse();
    }

    @Test
    void reportsEveryBadFileInTheStatusAndSkipsIt() {
        JsonNode errors = http.get("/api/v1/rules/_status", TestApiKeys.VIEWER).json().get("load_errors");

        assertThat(errors).anySatisfy(error -> {
            assertThat(error.get("file").asString()).isEqualTo(Path.of("nested", "broken.toml").toString());
            assertThat(error.get("type").asString()).isEqualTo("invalid-rule-syntax");
            assertThat(error.get("detail").asString()).contains("line 3");
        });
        assertThat(errors).anySatisfy(error -> {
            assertThat(error.get("file").asString()).isEqualTo("kuery.json");
            assertThat(error.get("type").asString()).isEqualTo("language-not-supported");
        });
        assertThat(errors).anySatisfy(error -> {
            assertThat(error.get("file").asString()).isEqualTo("steals-seed.toml");
            assertThat(error.get("detail").asString()).contains("built-in");
        });
        assertThat(StreamSupport.stream(errors.spliterator(), false).map(e -> e.get("file").asString()))
                .doesNotContain("README.md");
        assertThat(http.get("/api/v1/rules/dir-kuery", TestApiKeys.VIEWER).status()).isEqualTo(404);
        JsonNode seed = http.get("/api/v1/rules/" + RulesApiIT.SEED_ID, TestApiKeys.VIEWER).json();
        assertThat(seed.get("origin").asString()).isEqualTo("builtin");
        assertThat(seed.get("severity").asString()).isEqualTo("medium");
    }

    @Test
    void previewListsWhatTheExclusionsSuppressed() {
        String events = EqlSearchAndPreviewIT.REVERSE_SHELL.replace(
                "\"event\": {\"id\": \"e2\"", "\"user\": {\"name\": \"trusted\"}, \"event\": {\"id\": \"e2\"");

        JsonNode preview = http.post("/api/v1/rules/_preview", TestApiKeys.VIEWER, "application/json",
                "{\"rule_id\": \"" + RulesApiIT.SEED_ID + "\", \"events\": " + events + "}").json();

        assertThat(preview.get("alerts")).isEmpty();
        assertThat(preview.get("suppressed_events").asInt()).isEqualTo(1);
        assertThat(preview.get("suppressed")).singleElement().satisfies(suppressed -> {
            assertThat(suppressed.get("index").asInt()).isEqualTo(1);
            assertThat(suppressed.get("event_id").asString()).isEqualTo("e2");
            assertThat(suppressed.get("by").get(0).get("entry_id").asString()).isEqualTo("al-1");
            assertThat(suppressed.get("by").get(0).get("source").asString()).isEqualTo("allowlist");
        });
    }

    @Test
    void installedRuleIgnoresWhatItsExclusionSourcesExclude() {
        long suppressedBefore = engine.counters(RulesApiIT.SEED_ID).orElseThrow().suppressedByExclusion();
        List<Event> chain = new ArrayList<>();
        for (JsonNode event : RulesHttp.JSON.readTree(EqlSearchAndPreviewIT.REVERSE_SHELL.replace("\"h1\"",
                "\"h-excluded\"").replace("\"event\": {\"id\": \"e2\"",
                "\"user\": {\"name\": \"trusted\"}, \"event\": {\"id\": \"e2\""))) {
            chain.add(Event.from(event));
        }

        try (EngineBatch batch = engine.evaluate(chain)) {
            assertThat(batch.matches()).noneMatch(match -> match.ruleId().equals(RulesApiIT.SEED_ID));
            batch.commit();
        }
        assertThat(engine.counters(RulesApiIT.SEED_ID).orElseThrow().suppressedByExclusion())
                .isEqualTo(suppressedBefore + 1);
    }
}
