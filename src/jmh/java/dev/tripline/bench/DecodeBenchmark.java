package dev.tripline.bench;

import dev.tripline.eql.CompiledQuery;
import dev.tripline.engine.RuleSpec;
import dev.tripline.event.Event;
import dev.tripline.event.EventDecoder;
import dev.tripline.event.FieldRegistry;
import dev.tripline.event.JsonBytes;
import dev.tripline.workload.Workload;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decoding 1,000-event W1 batches from their bytes (a JSON array each, as a client posts them), one operation per
 * event, cycling through 20 batches (27 MB, out of cache as a stream of requests is):
 * <ul>
 *   <li>{@code tokenScan}: every token read and nothing built, the ceiling of any JSON decoder;</li>
 *   <li>{@code compact}: {@link EventDecoder} over a Jackson parser, extracting the fields of the rules installed
 *       ({@code rules}: the seed rule's, or the whole Linux corpus's) into compact events;</li>
 *   <li>{@code bytes}: the same events straight from the bytes ({@link EventDecoder.Session#decodeBytes}, what
 *       ingest does with well-formed bodies);</li>
 *   <li>{@code readTree}: a Jackson tree per event and {@link Event#from}, what ingest did before.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(1000)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class DecodeBenchmark {

    /** {@code seed}: the fields of the seed rule; {@code linux}: those of every Linux corpus rule */
    @Param({"seed"})
    String rules;

    private final JsonMapper json = JsonMapper.builder().build();
    private List<byte[]> bodies;
    private EventDecoder decoder;
    private int next;

    @Setup
    public void generate() throws Exception {
        bodies = Workload.generateBodies(Workload.W1.scaledDown(100)).bodies();
        List<CompiledQuery> queries = rules.equals("seed") ? List.of(W1.compiledSeedRule())
                : CorpusRules.load(CorpusRules.folder()).rules().stream().map(RuleSpec::query).toList();
        FieldRegistry fields = W1.fields(queries);
        decoder = W1.decoder(fields);
        System.out.printf("%n[decode] %d batches, %,d bytes each on average, %d fields registered%n", bodies.size(),
                bodies.stream().mapToLong(b -> b.length).sum() / bodies.size(), fields.size());
    }

    private byte[] nextBody() {
        byte[] body = bodies.get(next);
        next = (next + 1) % bodies.size();
        return body;
    }

    @Benchmark
    public int tokenScan() {
        int tokens = 0;
        try (JsonParser parser = json.createParser(nextBody())) {
            while (parser.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    @Benchmark
    public void compact(Blackhole events) {
        byte[] body = nextBody();
        EventDecoder.Session session = decoder.session();
        try (JsonParser parser = json.createParser(body)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                events.consume(session.decode(parser, body, 0));
            }
        }
    }

    @Benchmark
    public void bytes(Blackhole events) {
        byte[] body = nextBody();
        EventDecoder.Session session = decoder.session();
        int end = body.length;
        int p = JsonBytes.skipWhitespace(body, JsonBytes.skipWhitespace(body, 0, end) + 1, end);
        while (p < end && body[p] == '{') {
            events.consume(session.decodeBytes(body, p, end, 1));
            p = JsonBytes.skipWhitespace(body, session.scanned(), end);
            p = body[p] == ',' ? JsonBytes.skipWhitespace(body, p + 1, end) : end;
        }
    }

    @Benchmark
    public void readTree(Blackhole events) {
        for (JsonNode document : json.readTree(nextBody())) {
            events.consume(Event.from(document));
        }
    }
}
