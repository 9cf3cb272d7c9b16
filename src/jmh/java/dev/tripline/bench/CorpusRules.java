package dev.tripline.bench;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.RuleSpec;
import dev.tripline.engine.UnsupportedRuleException;
import dev.tripline.eql.CompiledQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Elastic rules read from TOML files and compiled by the EQL compiler, for benchmarks that load many rules at once.
 * The folder comes from {@code -Dtripline.rules.corpus.dir} or the environment variable
 * {@code TRIPLINE_RULES_CORPUS_DIR}; the compiler is looked up at run time so that the
 * benchmarks build without it.
 */
final class CorpusRules {

    record Loaded(List<RuleSpec> rules, List<String> refused) {
    }

    private CorpusRules() {
    }

    static Path folder() {
        // also from the environment, which JMH's forks inherit whatever their JVM arguments
        String dir = System.getProperty("tripline.rules.corpus.dir",
                System.getenv().getOrDefault("TRIPLINE_RULES_CORPUS_DIR", ""));
        if (dir.isBlank() || !Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException("set -Dtripline.rules.corpus.dir to the folder of rule TOML files");
        }
        // the corpus root holds elastic-linux/ (the Linux and cross-platform rules); a folder of TOML files works too
        Path linux = Path.of(dir).resolve("elastic-linux");
        return Files.isDirectory(linux) ? linux : Path.of(dir);
    }

    static Loaded load(Path folder) throws IOException {
        TomlMapper toml = TomlMapper.builder().build();
        List<RuleSpec> rules = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".toml")).sorted().toList()) {
                JsonNode rule = toml.readTree(file.toFile()).path("rule");
                if (!"eql".equals(rule.path("language").asString())) {
                    continue;
                }
                String id = rule.path("rule_id").asString();
                try {
                    rules.add(new RuleSpec(id, 1, compile(rule.path("query").asString())));
                } catch (RuntimeException e) {
                    refused.add(file.getFileName() + ": " + e.getMessage());
                }
            }
        }
        return new Loaded(rules, refused);
    }

    /** Installs what the engine accepts; returns the refusals. */
    static List<String> install(DetectionEngine engine, List<RuleSpec> rules) {
        List<String> refused = new ArrayList<>();
        for (RuleSpec rule : rules) {
            try {
                engine.install(rule);
            } catch (UnsupportedRuleException e) {
                refused.add(e.getMessage());
            }
        }
        return refused;
    }

    static CompiledQuery compile(String query) {
        try {
            Class<?> eql = Class.forName("dev.tripline.eql.Eql");
            Class<?> options = Class.forName("dev.tripline.eql.CompileOptions");
            Object defaults = options.getField("DEFAULTS").get(null);
            return (CompiledQuery) eql.getMethod("compile", String.class, options).invoke(null, query, defaults);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the EQL compiler (dev.tripline.eql.Eql) is not on the class path", e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
