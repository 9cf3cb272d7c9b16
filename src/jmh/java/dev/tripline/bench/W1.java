package dev.tripline.bench;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineBatch;
import dev.tripline.engine.EngineSettings;
import dev.tripline.eql.CategoryMatcher;
import dev.tripline.eql.CompileOptions;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.Eql;
import dev.tripline.event.Event;
import dev.tripline.event.EventDecoder;
import dev.tripline.event.FieldRegistry;
import dev.tripline.event.RetainedBytes;
import dev.tripline.workload.Workload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * The W1 workload, generated once per JVM, cut into batches; and the run that checks the oracle. Events come in the
 * service's representation ({@code compact}: decoded from JSON batches by {@link EventDecoder}, the rules' fields in
 * slots, each document a slice of its batch's bytes) or as Jackson trees ({@code tree}: what the engine ran on
 * before compact events, kept for the comparison).
 */
public final class W1 {

    private static Workload workload;
    private static Workload.Shape shapeOf;
    private static FieldRegistry fieldsOf;

    private W1() {
    }

    /** The workload as trees. */
    static synchronized Workload get(Workload.Shape shape) {
        return get(shape, null);
    }

    /**
     * The workload in the given representation; compact events are decoded with {@code fields}, which must hold the
     * fields of the rules the run installs (see {@link #fields}) and be the registry of the engines that read them.
     */
    static synchronized Workload get(Workload.Shape shape, FieldRegistry fields) {
        if (workload == null || !shapeOf.equals(shape) || fieldsOf != fields) {
            workload = null;
            System.gc();
            long start = System.nanoTime();
            workload = fields == null ? Workload.generate(shape)
                    : Workload.generateCompact(shape, decoder(fields));
            shapeOf = shape;
            fieldsOf = fields;
            System.out.printf("%n[W1] generated %,d %s events (%,d expected alerts) in %.1f s%n", shape.events(),
                    fields == null ? "tree" : "compact", workload.expectedAlerts(), (System.nanoTime() - start) / 1e9);
        }
        return workload;
    }

    /** {@code "compact"} or {@code "tree"}, as the benchmarks' {@code events} parameter says. */
    static boolean compact(String representation) {
        return switch (representation) {
            case "compact" -> true;
            case "tree" -> false;
            default -> throw new IllegalArgumentException("events must be compact or tree, was " + representation);
        };
    }

    /** A registry as the service builds it (time, id, host, category at its core) holding these queries' fields. */
    public static FieldRegistry fields(List<CompiledQuery> queries) {
        FieldRegistry fields = new FieldRegistry(List.of(Event.DEFAULT_TIMESTAMP, Event.EVENT_ID,
                EngineSettings.defaults().hostField(), CategoryMatcher.DEFAULT_FIELD));
        // as the service's engine does when it is built; here events are decoded before any engine exists
        fields.partitionBy(EngineSettings.defaults().hostField());
        for (CompiledQuery query : queries) {
            fields.registerAll(query.fields());
        }
        return fields;
    }

    /**
     * Engine settings as the service's: fields registered in {@code fields}, partials keeping retained copies in
     * slabs.
     */
    static EngineSettings settings(FieldRegistry fields) {
        EngineSettings settings = EngineSettings.defaults();
        return fields == null ? settings : settings.withFields(fields).withRetain(new RetainedBytes());
    }

    /** The seed rule as the service ships it (its TOML in the main resources), compiled by the EQL compiler. */
    static CompiledQuery compiledSeedRule() {
        try (InputStream toml = W1.class.getResourceAsStream("/rules/execution_shell_via_suspicious_binary.toml")) {
            String query = TomlMapper.builder().build().readTree(toml).path("rule").path("query").asString();
            return Eql.compile(query, CompileOptions.DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EventDecoder decoder(FieldRegistry fields) {
        return new EventDecoder(fields, JsonMapper.builder().build(), Event.DEFAULT_TIMESTAMP);
    }

    /** Tree events as they are ({@code fields == null}), or serialized in batches of 1,000 and decoded compact. */
    static List<Event> represent(List<Event> trees, FieldRegistry fields) {
        return fields == null ? trees : Workload.compact(trees, decoder(fields), 1000);
    }

    static List<List<Event>> batches(List<Event> events, int size) {
        List<List<Event>> batches = new ArrayList<>();
        for (int i = 0; i < events.size(); i += size) {
            batches.add(events.subList(i, Math.min(events.size(), i + size)));
        }
        return batches;
    }

    /** Runs every batch through the engine, committing each, and fails unless the alert count is the oracle's. */
    static int run(DetectionEngine engine, List<List<Event>> batches, int expectedAlerts) {
        int alerts = 0;
        for (List<Event> batch : batches) {
            try (EngineBatch result = engine.evaluate(batch)) {
                alerts += result.matches().size();
                result.commit();
            }
        }
        if (alerts != expectedAlerts) {
            throw new IllegalStateException("expected " + expectedAlerts + " alerts, the engine raised " + alerts);
        }
        return alerts;
    }
}
