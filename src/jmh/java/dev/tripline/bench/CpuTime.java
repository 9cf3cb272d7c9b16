package dev.tripline.bench;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineSettings;
import dev.tripline.engine.RuleSpec;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.event.Event;
import dev.tripline.event.FieldRegistry;
import dev.tripline.workload.SeedRule;
import dev.tripline.workload.Workload;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The same runs as the JMH benchmarks, timed by the thread's CPU time rather than the wall clock: on a machine whose
 * two cores are shared with other builds, the wall clock measures the queue for the CPU as much as the engine. Each
 * configuration runs several times, interleaved, after warm-up rounds; the median is reported. Run with
 * {@code -Dbench.main=dev.tripline.bench.CpuTime -Djmh.args="w1|engine|live|linux [rounds=7] [events=compact|tree]
 * [rule=compiled|hand] [scaled=1] [hot=false]"}: {@code w1} runs the seed rule and the Esper peer on the same events,
 * interleaved, {@code engine} the seed rule alone; {@code hot=true} decodes each batch just before the engine takes
 * it (only the engine's time counted); {@code linux} loads the rules corpus (see {@link CorpusRules}).
 */
public final class CpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int rounds;
    private final boolean compact;
    private final boolean compiled;
    private final int scaled;
    private final boolean hot;

    private CpuTime(Map<String, String> options) {
        this.rounds = Integer.parseInt(options.getOrDefault("rounds", "7"));
        this.compact = W1.compact(options.getOrDefault("events", "compact"));
        this.compiled = switch (options.getOrDefault("rule", "compiled")) {
            case "compiled" -> true;
            case "hand" -> false;
            default -> throw new IllegalArgumentException("rule must be compiled or hand");
        };
        this.scaled = Integer.parseInt(options.getOrDefault("scaled", "1"));
        this.hot = Boolean.parseBoolean(options.getOrDefault("hot", "false"));
    }

    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "w1";
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        CpuTime run = new CpuTime(options);
        System.out.printf("java %s, %s events%s, %s seed rule%n", System.getProperty("java.version"),
                run.compact ? "compact" : "tree", run.hot ? " decoded batch by batch (hot)" : " decoded up front (cold)",
                run.compiled ? "compiled" : "hand-written");
        switch (what) {
            case "w1" -> run.w1(true);
            case "engine" -> run.w1(false);
            case "live" -> run.live();
            case "linux" -> run.linux();
            default -> throw new IllegalArgumentException(what);
        }
    }

    private Workload.Shape shape() {
        return scaled == 1 ? Workload.W1 : Workload.W1.scaledDown(scaled);
    }

    private CompiledQuery seedRule() {
        return compiled ? W1.compiledSeedRule() : SeedRule.query();
    }

    private FieldRegistry fields(List<CompiledQuery> queries) {
        return compact ? W1.fields(queries) : null;
    }

    private void w1(boolean withEsper) {
        if (hot) {
            w1Hot(withEsper);
            return;
        }
        CompiledQuery rule = seedRule();
        FieldRegistry fields = fields(List.of(rule));
        Workload workload = W1.get(shape(), fields);
        List<Event> events = workload.events();
        List<List<Event>> batches = W1.batches(events, 1000);
        long[] cpu = new long[rounds];
        long[] esper = new long[rounds];
        for (int r = -2; r < rounds; r++) {
            DetectionEngine engine = seedEngine(W1.settings(fields), rule);
            long start = THREADS.getCurrentThreadCpuTime();
            W1.run(engine, batches, workload.expectedAlerts());
            long used = THREADS.getCurrentThreadCpuTime() - start;
            String line = String.format("W1 round %d: engine %.0f ns/event CPU", r, (double) used / events.size());
            if (r >= 0) {
                cpu[r] = used;
            }
            if (withEsper) {
                EsperPeer peer = new EsperPeer();
                start = THREADS.getCurrentThreadCpuTime();
                int alerts = peer.run(events);
                used = THREADS.getCurrentThreadCpuTime() - start;
                peer.destroy();
                if (alerts != workload.expectedAlerts()) {
                    throw new IllegalStateException("Esper raised " + alerts + " alerts");
                }
                line += String.format(", Esper %.0f ns/event CPU", (double) used / events.size());
                if (r >= 0) {
                    esper[r] = used;
                }
            }
            System.out.println(line);
        }
        report("W1 seed rule", cpu, events.size());
        if (withEsper) {
            report("W1 Esper peer", esper, events.size());
        }
    }

    /**
     * W1 as the service meets it: each batch decoded from its JSON just before the engine takes it, so its events are
     * as warm in the cache as a request's are; only the engine's (and the peer's) time is counted, not decoding.
     */
    private void w1Hot(boolean withEsper) {
        CompiledQuery rule = seedRule();
        FieldRegistry fields = fields(List.of(rule));
        Workload workload = Workload.generateBodies(shape());
        List<byte[]> bodies = workload.bodies();
        int events = shape().events();
        Decoding decoding = new Decoding(fields);
        long[] cpu = new long[rounds];
        long[] esper = new long[rounds];
        for (int r = -2; r < rounds; r++) {
            DetectionEngine engine = seedEngine(W1.settings(fields), rule);
            EsperPeer peer = withEsper ? new EsperPeer() : null;
            long used = 0;
            long peerUsed = 0;
            int alerts = 0;
            int peerAlerts = 0;
            for (byte[] body : bodies) {
                List<Event> batch = decoding.decode(body);
                long start = THREADS.getCurrentThreadCpuTime();
                try (var result = engine.evaluate(batch)) {
                    alerts += result.matches().size();
                    result.commit();
                }
                used += THREADS.getCurrentThreadCpuTime() - start;
                if (peer != null) {
                    start = THREADS.getCurrentThreadCpuTime();
                    peerAlerts = peer.run(batch);
                    peerUsed += THREADS.getCurrentThreadCpuTime() - start;
                }
            }
            if (alerts != workload.expectedAlerts()) {
                throw new IllegalStateException("the engine raised " + alerts + " alerts");
            }
            String line = String.format("W1 hot round %d: engine %.0f ns/event CPU", r, (double) used / events);
            if (peer != null) {
                peer.destroy();
                if (peerAlerts != workload.expectedAlerts()) {
                    throw new IllegalStateException("Esper raised " + peerAlerts + " alerts");
                }
                line += String.format(", Esper %.0f ns/event CPU", (double) peerUsed / events);
            }
            System.out.println(line);
            if (r >= 0) {
                cpu[r] = used;
                esper[r] = peerUsed;
            }
        }
        report("W1 seed rule (hot)", cpu, events);
        if (withEsper) {
            report("W1 Esper peer (hot)", esper, events);
        }
    }

    /** Decodes one posted batch into events, compact or as trees. */
    private static final class Decoding {
        private final dev.tripline.event.EventDecoder decoder;
        private final tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder()
                .build();

        Decoding(FieldRegistry fields) {
            this.decoder = fields == null ? null : W1.decoder(fields);
        }

        List<Event> decode(byte[] body) {
            List<Event> events = new ArrayList<>(1000);
            if (decoder == null) {
                for (tools.jackson.databind.JsonNode document : json.readTree(body)) {
                    events.add(Event.from(document));
                }
                return events;
            }
            dev.tripline.event.EventDecoder.Session session = decoder.session();
            try (tools.jackson.core.JsonParser parser = json.createParser(body)) {
                parser.nextToken();
                while (parser.nextToken() == tools.jackson.core.JsonToken.START_OBJECT) {
                    events.add(session.decode(parser, body, 0));
                }
            }
            return events;
        }
    }

    private void linux() {
        CorpusRules.Loaded loaded;
        try {
            loaded = CorpusRules.load(CorpusRules.folder());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        FieldRegistry fields = fields(loaded.rules().stream().map(RuleSpec::query).toList());
        Workload workload = W1.get(shape(), fields);
        List<List<Event>> batches = W1.batches(workload.events(), 1000);
        long[] cpu = new long[rounds];
        List<String> shortRounds = new ArrayList<>();
        for (int r = -1; r < rounds; r++) {
            DetectionEngine engine = new DetectionEngine(W1.settings(fields)
                    .withMaxPendingKeys(LinuxRulesBenchmark.maxPendingKeys()));
            List<String> refused = CorpusRules.install(engine, loaded.rules());
            long start = THREADS.getCurrentThreadCpuTime();
            long alerts = 0;
            for (List<Event> batch : batches) {
                try (var result = engine.evaluate(batch)) {
                    alerts += result.matches().size();
                    result.commit();
                }
            }
            long used = THREADS.getCurrentThreadCpuTime() - start;
            long seed = engine.counters(SeedRule.RULE_ID).orElseThrow().matches();
            if (seed != workload.expectedAlerts()) {
                shortRounds.add(String.format("round %d: seed rule raised %,d of %,d alerts", r, seed,
                        workload.expectedAlerts()));
            }
            System.out.printf("%d rules (%d refused), round %d: %.0f ns/event CPU, %d alerts (seed rule %d), "
                    + "%d keys pending, %d evicted%n", engine.installedRuleIds().size(), refused.size(), r,
                    (double) used / workload.events().size(), alerts, seed, engine.totals().pendingKeys(),
                    engine.counters().stream().mapToLong(c -> c.evicted()).sum());
            if (r >= 0) {
                cpu[r] = used;
            }
        }
        report("all corpus rules", cpu, workload.events().size());
        if (!shortRounds.isEmpty()) {
            throw new IllegalStateException("the seed rule missed alerts (partials evicted?): " + shortRounds);
        }
    }

    private void live() {
        CompiledQuery rule = seedRule();
        FieldRegistry fields = fields(List.of(rule));
        Workload workload = W1.get(Workload.W1.scaledDown(10), fields);
        List<List<Event>> batches = W1.batches(workload.events(), 1000);
        int[] sizes = {1_000, 1_000_000};
        List<List<List<Event>>> preloads = new ArrayList<>();
        for (int size : sizes) {
            List<Event> preload = Workload.stage1Events(11, size, 1000);
            preloads.add(W1.batches(LivePartialsBenchmark.represent(preload, fields), 1000));
        }
        long[][] cpu = new long[sizes.length][rounds];
        for (int r = -2; r < rounds; r++) {
            for (int s = 0; s < sizes.length; s++) {
                DetectionEngine engine = seedEngine(W1.settings(fields).withMaxPendingKeys(2_000_000), rule);
                W1.run(engine, preloads.get(s), 0);
                System.gc();
                long start = THREADS.getCurrentThreadCpuTime();
                W1.run(engine, batches, workload.expectedAlerts());
                long used = THREADS.getCurrentThreadCpuTime() - start;
                System.out.printf("live %,d round %d: %.0f ns/event CPU%n", sizes[s], r,
                        (double) used / workload.events().size());
                if (r >= 0) {
                    cpu[s][r] = used;
                }
            }
        }
        for (int s = 0; s < sizes.length; s++) {
            report(String.format("%,d live partials", sizes[s]), cpu[s], workload.events().size());
        }
    }

    private void report(String what, long[] cpu, int events) {
        long[] sorted = cpu.clone();
        Arrays.sort(sorted);
        double median = (double) sorted[rounds / 2] / events;
        System.out.printf("%s, median of %d: %.0f ns/event CPU = %.3f M events/s per core%n", what, rounds, median,
                1e3 / median);
    }

    private static DetectionEngine seedEngine(EngineSettings settings, CompiledQuery rule) {
        DetectionEngine engine = new DetectionEngine(settings);
        engine.install(new RuleSpec(SeedRule.RULE_ID, 1, rule));
        return engine;
    }
}
