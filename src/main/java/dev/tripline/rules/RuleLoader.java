package dev.tripline.rules;

import dev.tripline.eql.CompiledQuery;
import dev.tripline.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings the stored rules and the engine in step at start, before the web server takes requests.
 *
 * <ol>
 * <li><b>Built-in rules</b> ({@code classpath:rules/*.toml}, shipped verbatim): a built-in that does not parse or
 * compile stops the start. The shipped file wins across upgrades: when it differs from the stored source, the
 * stored body is replaced (revision +1) while what analysts tuned (enabled, and severity, risk score or tags set
 * by PATCH) is kept; only a body an admin replaced with PUT is left alone, with a warning naming the newer file.</li>
 * <li><b>{@code TRIPLINE_RULES_DIR}</b>: every {@code .toml} and {@code .json} file below it, with the same
 * upgrade rule. A file that does not parse or compile, or that reuses a built-in's or another file's rule id, is
 * logged and listed in {@code GET /api/v1/rules/_status}, never fatal. Removing a file does not delete its rule.</li>
 * <li><b>Every other stored rule</b> is installed if enabled; one whose query no longer compiles is reported the
 * same way and left out.</li>
 * </ol>
 */
@Component
class RuleLoader implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(RuleLoader.class);
    static final String BUILTIN_LOCATION = "classpath*:rules/*.toml";
    private static final String SYSTEM = "system";

    private final RuleStore store;
    private final RuleParser parser;
    private final RuleChecker checker;
    private final RuleRuntime runtime;
    private final TransactionTemplate transactions;
    private final RulesProperties properties;
    private final Clock clock = Clock.systemUTC();
    /** rule id to the SHA-256 of its shipped file: a copy of a built-in in the rules directory is no conflict */
    private final Map<String, String> builtinSources = new HashMap<>();
    private final Map<String, StoredRule> stored = new HashMap<>();

    RuleLoader(RuleStore store, RuleParser parser, RuleChecker checker, RuleRuntime runtime,
            TransactionTemplate transactions, RulesProperties properties) {
        this.store = store;
        this.parser = parser;
        this.checker = checker;
        this.runtime = runtime;
        this.transactions = transactions;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        long started = System.nanoTime();
        // one read of the table: a restart with unchanged files then needs no transaction per file
        stored.clear();
        store.all().forEach(rule -> stored.put(rule.ruleId(), rule));
        Map<String, String> claimed = new HashMap<>();
        loadBuiltins(BUILTIN_LOCATION, claimed);
        if (properties.dir() != null) {
            loadDirectory(Path.of(properties.dir()), claimed);
        }
        int others = 0;
        for (StoredRule rule : store.all()) {
            if (claimed.containsKey(rule.ruleId()) || !rule.enabled()) {
                continue;
            }
            try {
                runtime.apply(rule, null);
                others++;
            } catch (ApiException e) {
                log.warn("Rule {} is stored but not installed: {}", rule.ruleId(), e.getMessage());
            }
        }
        log.info("Rules loaded in {} ms: {} built-in, {} from files, {} other stored rule(s) installed",
                (System.nanoTime() - started) / 1_000_000, claimed.values().stream().filter("builtin"::equals).count(),
                claimed.values().stream().filter(v -> !v.equals("builtin")).count(), others);
        runtime.logInstalled();
    }

    void loadBuiltins(String location, Map<String, String> claimed) {
        Resource[] files;
        try {
            files = new PathMatchingResourcePatternResolver().getResources(location);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list the built-in rules (" + location + ")", e);
        }
        Arrays.sort(files, Comparator.comparing(Resource::getFilename));
        for (Resource file : files) {
            String name = "rules/" + file.getFilename();
            ElasticRule rule;
            CompiledQuery query;
            String text;
            try (InputStream in = file.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                rule = parser.parseToml(text);
                query = checker.check(rule, text);
            } catch (IOException | ApiException e) {
                throw new IllegalStateException("Built-in rule " + name + " cannot be loaded, so Tripline does not "
                        + "start: " + e.getMessage(), e);
            }
            if (claimed.putIfAbsent(rule.ruleId(), "builtin") != null) {
                throw new IllegalStateException("Built-in rule " + name + " reuses rule_id " + rule.ruleId());
            }
            builtinSources.put(rule.ruleId(), Sha256.of(text));
            install(upsert(rule, text, RuleOrigin.BUILTIN, name), text, query);
        }
    }

    private void loadDirectory(Path dir, Map<String, String> claimed) {
        if (!Files.isDirectory(dir)) {
            log.warn("TRIPLINE_RULES_DIR {} is not a directory; no rules loaded from it", dir);
            runtime.problem("dir:" + dir, null, dir.toString(), "rules-dir-missing",
                    "TRIPLINE_RULES_DIR " + dir + " is not a directory");
            return;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, 16)) {
            walk.filter(Files::isRegularFile).filter(RuleLoader::isRuleFile).sorted().forEach(files::add);
        } catch (IOException e) {
            log.warn("Cannot list TRIPLINE_RULES_DIR {}: {}", dir, e.toString());
            return;
        }
        int loaded = 0;
        for (Path path : files) {
            String name = dir.relativize(path).toString();
            try {
                String text = Files.readString(path, StandardCharsets.UTF_8);
                if (text.length() > properties.maxRuleBytes()) {
                    throw ApiException.badRequest("the file is larger than " + properties.maxRuleBytes() + " bytes");
                }
                ElasticRule rule = parser.parse(text, RuleParser.detect(text));
                CompiledQuery query = checker.check(rule, text);
                String owner = claimed.putIfAbsent(rule.ruleId(), name);
                if ("builtin".equals(owner) && Sha256.of(text).equals(builtinSources.get(rule.ruleId()))) {
                    log.info("Rule file {} is the built-in rule {} itself; nothing to load", name, rule.ruleId());
                    loaded++;
                    continue;
                }
                if (owner != null) {
                    throw ApiException.conflict("duplicate-rule-id", "Duplicate rule id", "rule_id " + rule.ruleId()
                            + " is already taken by " + (owner.equals("builtin") ? "a built-in rule" : owner));
                }
                install(upsert(rule, text, RuleOrigin.DIRECTORY, name), text, query);
                loaded++;
            } catch (IOException | RuntimeException e) {
                String detail = e instanceof ApiException ? e.getMessage() : e.toString();
                String type = e instanceof ApiException api ? api.slug() : "unreadable";
                log.warn("Rule file {} skipped: {}", name, detail);
                runtime.problem("file:" + name, null, name, type, detail);
            }
        }
        log.info("TRIPLINE_RULES_DIR {}: {} of {} rule file(s) loaded", dir, loaded, files.size());
    }

    /**
     * Installs the stored row: with the file's compiled query when the row holds the file, else (an admin's
     * replacement kept) compiling the stored query, whose failure is reported, not fatal.
     */
    private void install(StoredRule row, String text, CompiledQuery query) {
        if (row.sourceSha256().equals(Sha256.of(text))) {
            runtime.apply(row, query);
            return;
        }
        try {
            runtime.apply(row, null);
        } catch (ApiException e) {
            log.warn("Rule {} is stored but not installed: {}", row.ruleId(), e.getMessage());
        }
    }

    private static boolean isRuleFile(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".toml") || name.endsWith(".json");
    }

    /** Inserts the file's rule, or brings the stored one up to the file (see the class comment). */
    private StoredRule upsert(ElasticRule rule, String text, RuleOrigin origin, String name) {
        StoredRule known = stored.get(rule.ruleId());
        if (known != null && known.origin() == origin && known.sourceSha256().equals(Sha256.of(text))) {
            return known;
        }
        return transactions.execute(status -> {
            Optional<StoredRule> existing = store.lock(rule.ruleId());
            if (existing.isEmpty()) {
                StoredRule row = StoredRule.create(rule, text, origin, !Boolean.FALSE.equals(rule.enabled()), SYSTEM,
                        clock.instant());
                store.insert(row);
                log.info("Rule {} ({}) stored from {}", rule.ruleId(), rule.name(), name);
                return row;
            }
            StoredRule current = existing.get();
            String sha = Sha256.of(text);
            if (current.sourceSha256().equals(sha) && current.origin() == origin) {
                return current;
            }
            if (current.bodyReplaced()) {
                log.warn("Rule {}: {} differs from the stored rule, whose body an admin replaced; keeping the "
                        + "admin's version (PUT the file to take it)", rule.ruleId(), name);
                return current;
            }
            StoredRule next = new StoredRule(current.ruleId(), current.name(), current.description(),
                    current.severity(), current.riskScore(), current.tags(), current.tunedFields(), current.query(),
                    current.format(), current.source(), current.sourceSha256(), current.body(), current.metadata(),
                    origin, false, current.enabled(), current.revision(), current.createdBy(), current.updatedBy(),
                    current.createdAt(), current.updatedAt())
                    .withBody(rule, text, true, false, current.enabled(), SYSTEM, clock.instant());
            store.update(next);
            log.info("Rule {} updated from {} to revision {}", rule.ruleId(), name, next.revision());
            return next;
        });
    }
}
