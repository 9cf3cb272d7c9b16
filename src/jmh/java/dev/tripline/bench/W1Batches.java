package dev.tripline.bench;

import dev.tripline.event.Event;
import dev.tripline.event.Timestamps;
import dev.tripline.workload.Workload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes workload W1 as request bodies for the HTTP load test ({@code src/jmh/load/run-load.sh}): batches of
 * {@code size} events, in event-time order, as JSON arrays or NDJSON, optionally gzipped, numbered
 * {@code batch-000001.json...}, plus {@code oracle.properties} with the alerts the service must raise.
 *
 * <p>One pass of W1 is 2,000,000 events (20 s of event time). A load test longer than one pass needs fresh events,
 * not re-sent ones (those would only exercise the duplicate check): each further <em>epoch</em> is W1 generated with
 * the next seed (new hosts, processes and event ids) and shifted 20 s later, so epochs follow each other in event
 * time and each raises exactly W1's 20,000 alerts.
 *
 * <pre>./mvnw -B -Pbench test-compile exec:exec -Dbench.main=dev.tripline.bench.W1Batches \
 *     -Dbench.jvmArgs=-Xmx12g -Djmh.args="target/w1-batches 3 1000 json false"</pre>
 * Arguments: directory, epochs (default 1), events per batch (1000), json|ndjson, gzip (false).
 */
public final class W1Batches {

    private static final long EPOCH_NANOS = 20_000_000_000L;

    private W1Batches() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/w1-batches");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        boolean ndjson = args.length > 3 && args[3].toLowerCase(Locale.ROOT).equals("ndjson");
        boolean gzip = args.length > 4 && Boolean.parseBoolean(args[4]);
        Files.createDirectories(dir);
        JsonMapper json = JsonMapper.builder().build();
        String extension = (ndjson ? ".ndjson" : ".json") + (gzip ? ".gz" : "");
        int file = 0;
        long events = 0;
        long bytes = 0;
        long expected = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            Workload workload = Workload.generate(Workload.W1.withSeed(Workload.W1.seed() + epoch));
            expected += workload.expectedAlerts();
            List<Event> all = workload.events();
            for (int from = 0; from < all.size(); from += size) {
                List<Event> batch = all.subList(from, Math.min(all.size(), from + size));
                byte[] body = render(json, batch, epoch * EPOCH_NANOS, ndjson);
                Path path = dir.resolve(String.format("batch-%06d%s", ++file, extension));
                try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(path), 1 << 16)
                        : Files.newOutputStream(path)) {
                    out.write(body);
                }
                events += batch.size();
                bytes += body.length;
            }
            System.out.printf("epoch %d: %,d files so far, %,d events, %,d MB of JSON%n", epoch, file, events,
                    bytes >> 20);
        }
        Files.writeString(dir.resolve("oracle.properties"), """
                files=%d
                events=%d
                json_bytes=%d
                expected_alerts=%d
                format=%s
                gzip=%s
                """.formatted(file, events, bytes, expected, ndjson ? "ndjson" : "json", gzip));
        System.out.printf("wrote %,d batches of %,d events (%,d MB of JSON) to %s; %,d alerts expected%n", file,
                size, bytes >> 20, dir, expected);
    }

    private static byte[] render(JsonMapper json, List<Event> batch, long shiftNanos, boolean ndjson) {
        StringBuilder out = new StringBuilder(batch.size() * 1_400);
        out.append(ndjson ? "" : "[");
        for (int i = 0; i < batch.size(); i++) {
            Event event = batch.get(i);
            ObjectNode document = event.document();
            if (shiftNanos != 0) {
                document = document.deepCopy();
                document.put("@timestamp", Timestamps.toInstant(event.timestampNanos() + shiftNanos).toString());
            }
            if (i > 0) {
                out.append(ndjson ? "\n" : ",");
            }
            out.append(json.writeValueAsString(document));
        }
        out.append(ndjson ? "\n" : "]");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
