package dev.tripline.bench;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.RuleSpec;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.event.Event;
import dev.tripline.event.EventDecoder;
import dev.tripline.event.FieldRegistry;
import dev.tripline.workload.SeedRule;
import dev.tripline.workload.Workload;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds of the engine compared side by side in one JVM: each build's classes (and their own copies of the libraries)
 * in a class loader of their own, all given the same W1 batches in turn, batch by batch, so that every build runs
 * through the same phases of a machine whose speed drifts by half within seconds. Runs compared one after the other
 * differ by more than most changes do; batch-by-batch alternation made the ratio of two builds repeat to a percent or
 * two over twenty rounds. The builds evict each other's data from the caches between batches, so the absolute figures
 * are higher than a build's alone: read the ratios.
 *
 * <p>Run with {@code -Dbench.main=dev.tripline.bench.SideBySide -Djmh.args="<rounds> <tree> <tree> ..."}, each tree a
 * checkout built with {@code ./mvnw -Pbench test-compile} (for another commit: {@code git worktree add}). The first
 * tree is the reference. Each batch is decoded by the build that evaluates it, just before (as {@code CpuTime hot=true}
 * does); only evaluating and committing count. A build is driven through {@link Lane}, whose class is defined anew in
 * each build's loader, so it must compile against every build compared.
 */
public final class SideBySide {

    private SideBySide() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        List<String> trees = List.of(args).subList(1, args.length);
        List<URL> libraries = libraries();
        byte[] lane = laneBytes();
        int n = trees.size();
        Object[] lanes = new Object[n];
        Method[] begin = new Method[n];
        Method[] batch = new Method[n];
        Method[] end = new Method[n];
        for (int i = 0; i < n; i++) {
            Class<?> type = new BuildLoader(Path.of(trees.get(i)), libraries, lane).loadClass(Lane.class.getName());
            lanes[i] = type.getConstructor().newInstance();
            begin[i] = type.getMethod("begin");
            batch[i] = type.getMethod("batch", byte[].class);
            end[i] = type.getMethod("end", int.class);
        }
        Workload workload = Workload.generateBodies(Workload.W1);
        List<byte[]> bodies = workload.bodies();
        int events = Workload.W1.events();
        long[][] cpu = new long[n][rounds];
        for (int r = -3; r < rounds; r++) {
            long[] used = new long[n];
            for (int i = 0; i < n; i++) {
                begin[i].invoke(lanes[i]);
            }
            for (int b = 0; b < bodies.size(); b++) {
                for (int k = 0; k < n; k++) {
                    // who goes first alternates, so that no build always meets the caches the other one left
                    int i = ((b + r) & 1) == 0 ? k : n - 1 - k;
                    used[i] += (long) batch[i].invoke(lanes[i], (Object) bodies.get(b));
                }
            }
            StringBuilder line = new StringBuilder("round " + r + ":");
            for (int i = 0; i < n; i++) {
                end[i].invoke(lanes[i], workload.expectedAlerts());
                line.append(String.format(" %s %.0f ns/event", trees.get(i), (double) used[i] / events));
                if (r >= 0) {
                    cpu[i][r] = used[i];
                }
            }
            System.out.println(line);
        }
        for (int i = 0; i < n; i++) {
            long[] sorted = cpu[i].clone();
            Arrays.sort(sorted);
            System.out.printf("%s: median %.0f ns/event CPU (%.0f-%.0f)%n", trees.get(i),
                    (double) sorted[rounds / 2] / events, (double) sorted[0] / events,
                    (double) sorted[rounds - 1] / events);
        }
        for (int i = 1; i < n; i++) {
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = (double) cpu[i][r] / cpu[0][r];
            }
            Arrays.sort(ratios);
            System.out.printf("%s / %s: median ratio %.3f (%.3f-%.3f)%n", trees.get(i), trees.get(0),
                    ratios[rounds / 2], ratios[0], ratios[rounds - 1]);
        }
    }

    /** The jars on this JVM's class path: the libraries, which each build loads again for itself. */
    private static List<URL> libraries() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return urls;
    }

    private static byte[] laneBytes() {
        String resource = Lane.class.getName().replace('.', '/') + ".class";
        try (InputStream in = SideBySide.class.getClassLoader().getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One build's classes, its own copies of the libraries, and {@link Lane} defined among them. */
    private static final class BuildLoader extends URLClassLoader {
        private final byte[] lane;

        BuildLoader(Path tree, List<URL> libraries, byte[] lane) throws MalformedURLException {
            super(urls(tree, libraries), ClassLoader.getPlatformClassLoader());
            this.lane = lane;
        }

        private static URL[] urls(Path tree, List<URL> libraries) throws MalformedURLException {
            List<URL> urls = new ArrayList<>();
            urls.add(tree.resolve("target/classes").toUri().toURL());
            urls.add(tree.resolve("target/test-classes").toUri().toURL());
            urls.addAll(libraries);
            return urls.toArray(URL[]::new);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.equals(Lane.class.getName())) {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : defineClass(name, lane, 0, lane.length);
                }
            }
            return super.loadClass(name, resolve);
        }
    }

    /** One build's side: a fresh engine with the seed rule per round, fed batch by batch. Public for reflection. */
    public static final class Lane {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private final CompiledQuery rule = W1.compiledSeedRule();
        private final FieldRegistry fields = W1.fields(List.of(rule));
        private final EventDecoder decoder = W1.decoder(fields);
        private final tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder()
                .build();
        private DetectionEngine engine;
        private int alerts;

        public void begin() {
            engine = new DetectionEngine(W1.settings(fields));
            engine.install(new RuleSpec(SeedRule.RULE_ID, 1, rule));
            alerts = 0;
        }

        /** Decodes one batch and evaluates it; returns the CPU time of evaluating and committing. */
        public long batch(byte[] body) {
            List<Event> events = new ArrayList<>(1000);
            EventDecoder.Session session = decoder.session();
            try (tools.jackson.core.JsonParser parser = json.createParser(body)) {
                parser.nextToken();
                while (parser.nextToken() == tools.jackson.core.JsonToken.START_OBJECT) {
                    events.add(session.decode(parser, body, 0));
                }
            }
            long start = THREADS.getCurrentThreadCpuTime();
            try (var result = engine.evaluate(events)) {
                alerts += result.matches().size();
                result.commit();
            }
            return THREADS.getCurrentThreadCpuTime() - start;
        }

        public void end(int expected) {
            if (alerts != expected) {
                throw new IllegalStateException("a build raised " + alerts + " alerts, not " + expected);
            }
            engine = null;
        }
    }
}
