package dev.tripline.ingest;

import dev.tripline.bench.W1;
import dev.tripline.eql.CompileOptions;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.Eql;
import dev.tripline.eql.SeedRule;
import dev.tripline.event.Event;
import dev.tripline.event.EventDecoder;
import dev.tripline.event.FieldRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingest's decoder, exactly as the service builds it, timed in CPU nanoseconds per event over the load test's batch
 * files (what wrk posts), next to the bare {@link EventDecoder} loop of {@code DecodeBenchmark}: tells whether the
 * service's decode cost is the decoder's or the service's, and what the byte-level path saves over the Jackson one. Run after {@code src/jmh/load/run-load.sh} made the files:
 * {@code ./mvnw -B -q -Pbench test-compile exec:exec -Dbench.main=dev.tripline.ingest.IngestDecodeCpuTime
 * -Djmh.args="target/w1-batches 200 10"} (directory, files, rounds).
 */
public final class IngestDecodeCpuTime {

    private static volatile int sink;

    private IngestDecodeCpuTime() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/w1-batches");
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        List<byte[]> bodies = new ArrayList<>();
        long events = 0;
        for (int i = 1; i <= files; i++) {
            bodies.add(Files.readAllBytes(dir.resolve(String.format("batch-%06d.json", i))));
        }
        CompiledQuery seed = Eql.compile(SeedRule.QUERY, CompileOptions.DEFAULTS);
        FieldRegistry fields = W1.fields(List.of(seed));
        EventBatchDecoder service = new EventBatchDecoder(10_000, 64, 1_000_000, Event.DEFAULT_TIMESTAMP, fields);
        JsonMapper plain = JsonMapper.builder().build();
        EventDecoder bare = new EventDecoder(fields, plain, Event.DEFAULT_TIMESTAMP);
        for (byte[] body : bodies) {
            if (service.decodeJsonFast(body) == null) {
                throw new IllegalStateException("a W1 batch left the byte path");
            }
            events += service.decodeJson(body).events().size();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("java %s, %d files, %,d events, CPU ns per event (best round of %d)%n",
                System.getProperty("java.version"), files, events, rounds);
        for (int pass = 0; pass < 2; pass++) {
            double serviceBest = Double.MAX_VALUE;
            double jacksonBest = Double.MAX_VALUE;
            double bareBest = Double.MAX_VALUE;
            for (int round = 0; round < rounds; round++) {
                long start = threads.getCurrentThreadCpuTime();
                int n = 0;
                for (byte[] body : bodies) {
                    n += service.decodeJson(body).events().size();
                }
                serviceBest = Math.min(serviceBest, (threads.getCurrentThreadCpuTime() - start) / (double) events);
                start = threads.getCurrentThreadCpuTime();
                for (byte[] body : bodies) {
                    n += service.decodeJsonJackson(body).events().size();
                }
                jacksonBest = Math.min(jacksonBest, (threads.getCurrentThreadCpuTime() - start) / (double) events);
                start = threads.getCurrentThreadCpuTime();
                for (byte[] body : bodies) {
                    EventDecoder.Session session = bare.session();
                    try (JsonParser parser = plain.createParser(body)) {
                        parser.nextToken();
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            n += session.decode(parser, body, 0) != null ? 1 : 0;
                        }
                    }
                }
                bareBest = Math.min(bareBest, (threads.getCurrentThreadCpuTime() - start) / (double) events);
                sink = n;
            }
            System.out.printf("pass %d: EventBatchDecoder.decodeJson %.0f ns (its Jackson path %.0f ns), "
                    + "bare EventDecoder loop over a Jackson parser %.0f ns%n", pass, serviceBest, jacksonBest, bareBest);
        }
    }
}
