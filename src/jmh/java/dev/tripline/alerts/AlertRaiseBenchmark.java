package dev.tripline.alerts;

import dev.tripline.TriplineApplication;
import dev.tripline.support.DefendEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What storing one batch's alerts costs the ingest path: {@code Alerts.raise} with ten new alerts (W1 raises about
 * ten per 1,000-event batch), three Elastic Defend-sized events each (about 1.3 KB), against the service's own
 * embedded PostgreSQL with synchronous commit on, as it runs by default. The replay case is a retried batch whose
 * alerts are all stored already.
 * <p>Run: {@code ./mvnw -B -Pbench test-compile exec:exec -Djmh.args="AlertRaise -t 1"} (and {@code -t 4}).
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class AlertRaiseBenchmark {

    static final int ALERTS_PER_BATCH = 10;

    @State(Scope.Benchmark)
    public static class Service {
        Path dataDir;
        ConfigurableApplicationContext context;
        Alerts alerts;
        RuleSnapshot rule;
        List<AlertEvent> events;
        List<NewAlert> stored;

        @Setup(Level.Trial)
        public void start() throws IOException {
            dataDir = Files.createTempDirectory("tripline-bench-");
            // command-line arguments: they outrank application.yml, which names ./data as the data directory
            context = new SpringApplicationBuilder(TriplineApplication.class)
                    .run("--tripline.data-dir=" + dataDir, "--server.port=0",
                            "--tripline.api-keys=bench=admin:bench-admin-secret-0001", "--logging.level.root=WARN",
                            "--spring.main.banner-mode=off");
            alerts = context.getBean(Alerts.class);
            rule = TestAlerts.rule(TestAlerts.SEED_RULE_ID);
            DefendEvents.Chain chain = DefendEvents.Chain.random();
            events = new ArrayList<>();
            for (JsonNode document : chain.reverseShell(DefendEvents.T0)) {
                events.add(new AlertEvent(document.get("event").get("id").stringValue(), DefendEvents.T0,
                        defendSized((ObjectNode) document)));
            }
            stored = batch();
            alerts.raise(stored);
        }

        List<NewAlert> batch() {
            List<NewAlert> batch = new ArrayList<>(ALERTS_PER_BATCH);
            for (int i = 0; i < ALERTS_PER_BATCH; i++) {
                batch.add(new NewAlert(UUID.randomUUID(), rule, List.of("c8463b92f4de0750e1e0b95fa729226e",
                        "PY+o85SKfKb4fs4Py0VddlUrhwKH1FeQc0oqNIVC=="), events));
            }
            return batch;
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            context.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }

        /** The fields a real Elastic Defend document carries beyond the ones the rule reads. */
        private static JsonNode defendSized(ObjectNode document) {
            document.putObject("ecs").put("version", "8.11.0");
            document.putObject("data_stream").put("dataset", "endpoint.events.process").put("namespace", "default")
                    .put("type", "logs");
            document.withObject("agent").put("id", "8fb5268d-813f-4c20-4397-bfd3fe41c8d5");
            ObjectNode os = document.withObject("host").withObject("os");
            os.put("full", "Ubuntu 22.04.4").put("kernel", "5.15.0-105-generic #115-Ubuntu SMP").put("name", "Linux")
                    .put("platform", "ubuntu").put("version", "22.04.4").putObject("Ext").put("variant", "Ubuntu");
            document.withObject("host").put("architecture", "x86_64").putArray("ip").add("10.1.17.32");
            document.withObject("event").put("agent_id_status", "verified").put("created", "2025-01-15T10:00:00.000Z")
                    .put("outcome", "unknown").put("sequence", 9);
            document.withObject("process").put("working_directory", "/home/ubuntu").put("start",
                    "2025-01-15T10:00:00.000Z").putObject("hash")
                    .put("sha256", "502c1ec5045879547c2d5accf1a605fef3910f52f27817f1bf7d594c1e62662a");
            document.put("message", "Endpoint process event");
            return document;
        }
    }

    @Benchmark
    public List<RaisedAlert> raiseTenNewAlerts(Service service) {
        return service.alerts.raise(service.batch());
    }

    @Benchmark
    public List<RaisedAlert> replayTenStoredAlerts(Service service) {
        return service.alerts.raise(service.stored);
    }
}
