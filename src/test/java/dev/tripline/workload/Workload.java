package dev.tripline.workload;

import dev.tripline.event.Event;
import dev.tripline.event.EventDecoder;
import dev.tripline.event.FieldPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The benchmark workload W1 as a seedable generator: Elastic Defend-shaped ECS events in strict event-time order
 * (a fixed number per millisecond), 90% noise (process, network and file events, with near misses of the seed
 * rule), 10% stage events of the seed rule laid out as chains whose outcome is known in advance: the oracle.
 *
 * <p>Chain kinds (W1 counts): complete within 1 s (20,000: the expected alerts), complete but too slow (5,000),
 * stage 1 only (50,000), stages 1 and 2 (15,000), orphan stage 2 (25,000), orphan stage 3 (20,000). Every chain has
 * its own {@code process.entity_id}, on one of the hosts. Events are Jackson trees built in memory; parts that real
 * events repeat (host, agent, data stream, arrays of categories) are shared between events.
 */
public final class Workload {

    /** How many events of which kind; {@link #W1} is the benchmark's, {@link #scaledDown} a small one for tests. */
    public record Shape(long seed, int events, int hosts, int complete, int slow, int stage1Only, int stages12,
            int orphan2, int orphan3, int eventsPerMilli) {

        public int stageEvents() {
            return 3 * complete + 3 * slow + stage1Only + 2 * stages12 + orphan2 + orphan3;
        }

        public Shape scaledDown(int divisor) {
            return new Shape(seed, events / divisor, Math.max(1, hosts / divisor), complete / divisor, slow / divisor,
                    stage1Only / divisor, stages12 / divisor, orphan2 / divisor, orphan3 / divisor,
                    Math.max(1, eventsPerMilli / divisor));
        }

        public Shape withSeed(long newSeed) {
            return new Shape(newSeed, events, hosts, complete, slow, stage1Only, stages12, orphan2, orphan3,
                    eventsPerMilli);
        }
    }

    public static final Shape W1 = new Shape(1, 2_000_000, 100_000, 20_000, 5_000, 50_000, 15_000, 25_000, 20_000, 100);

    /** Event time of the first event: 2025-01-15T10:00:00Z. */
    public static final long START_MILLIS = Instant.parse("2025-01-15T10:00:00Z").toEpochMilli();

    private static final byte NOISE = 0;
    private static final byte STAGE1 = 1;
    private static final byte STAGE2 = 2;
    private static final byte STAGE3 = 3;

    private static final FieldPath HOST_ID = FieldPath.of("host.id");
    private static final FieldPath ENTITY_ID = FieldPath.of("process.entity_id");

    private final Shape shape;
    private final List<Event> events;
    private final Set<List<String>> expectedKeys;
    /** chain index per stage event (in time order), -1 for noise */
    private final int[] chainOf;
    private final boolean[] chainComplete;
    private List<byte[]> bodies;

    private Workload(Shape shape, List<Event> events, Set<List<String>> expectedKeys, int[] chainOf,
            boolean[] chainComplete) {
        this.shape = shape;
        this.events = events;
        this.expectedKeys = expectedKeys;
        this.chainOf = chainOf;
        this.chainComplete = chainComplete;
    }

    public Shape shape() {
        return shape;
    }

    /** The events in event-time order (which is also their arrival order in W1). */
    public List<Event> events() {
        return events;
    }

    /** The alerts sorted delivery must raise: one per complete chain. */
    public int expectedAlerts() {
        return expectedKeys.size();
    }

    /** {@code [host.id, process.entity_id]} of every chain that must raise an alert. */
    public Set<List<String>> expectedKeys() {
        return expectedKeys;
    }

    public static Workload generate(Shape shape) {
        return generate(shape, (java.util.function.Consumer<List<Event>>) null);
    }

    /**
     * The workload as ingest holds it: every 1,000 events serialized into one JSON array and decoded by
     * {@code decoder} into compact events, whose documents are slices of their batch's bytes. The trees are dropped
     * batch by batch, so W1 fits where trees and bytes together would not.
     */
    public static Workload generateCompact(Shape shape, EventDecoder decoder) {
        List<Event> events = new ArrayList<>(shape.events());
        Workload generated = generate(shape, batch -> events.addAll(compactBatch(batch, decoder)));
        return generated.with(List.copyOf(events), null);
    }

    /**
     * The workload as a client posts it: each 1,000 events one JSON array, as bytes ({@link #bodies()}); no events
     * are kept, so W1 takes its size as JSON (2.7 GB) and nothing more.
     */
    public static Workload generateBodies(Shape shape) {
        List<byte[]> bodies = new ArrayList<>();
        Workload generated = generate(shape, batch -> bodies.add(jsonArray(batch)));
        return generated.with(List.of(), bodies);
    }

    private Workload with(List<Event> newEvents, List<byte[]> newBodies) {
        Workload copy = new Workload(shape, newEvents, expectedKeys, chainOf, chainComplete);
        copy.bodies = newBodies;
        return copy;
    }

    /** The batches as JSON arrays, when generated by {@link #generateBodies}; else {@code null}. */
    public List<byte[]> bodies() {
        return bodies;
    }

    /** Events serialized in batches of {@code batchSize} (one JSON array each) and decoded compact. */
    public static List<Event> compact(List<Event> events, EventDecoder decoder, int batchSize) {
        List<Event> compact = new ArrayList<>(events.size());
        for (int start = 0; start < events.size(); start += batchSize) {
            compact.addAll(compactBatch(events.subList(start, Math.min(events.size(), start + batchSize)), decoder));
        }
        return compact;
    }

    /** One batch as the JSON array a client would post. */
    public static byte[] jsonArray(List<Event> events) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(events.size());
        for (Event event : events) {
            array.add(event.document());
        }
        return EventFactory.MAPPER.writeValueAsBytes(array);
    }

    private static List<Event> compactBatch(List<Event> trees, EventDecoder decoder) {
        byte[] body = jsonArray(trees);
        List<Event> compact = new ArrayList<>(trees.size());
        EventDecoder.Session session = decoder.session();
        try (JsonParser parser = EventFactory.MAPPER.createParser(body)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                compact.add(session.decode(parser, body, 0));
            }
        }
        for (int i = 0; i < compact.size(); i++) {
            if (compact.get(i).timestampNanos() != trees.get(i).timestampNanos()) {
                throw new IllegalStateException("event " + i + " decoded at another time");
            }
        }
        return compact;
    }

    /** Generates the events in order; each 1,000 go to {@code batches} when given, else into the workload. */
    private static Workload generate(Shape shape, java.util.function.Consumer<List<Event>> batches) {
        Random random = new Random(shape.seed());
        int n = shape.events();
        byte[] kind = new byte[n];
        int[] chainAt = new int[n];
        Arrays.fill(chainAt, -1);
        int chains = shape.complete() + shape.slow() + shape.stage1Only() + shape.stages12() + shape.orphan2()
                + shape.orphan3();
        int[] chainHost = new int[chains];
        boolean[] complete = new boolean[chains];
        int perMs = shape.eventsPerMilli();
        int span = 2_000 * perMs; // room for the slowest chain
        if (n <= span + perMs) {
            throw new IllegalArgumentException("too few events for chains spanning up to 2 s: " + n);
        }
        int c = 0;
        for (int i = 0; i < shape.complete(); i++, c++) {
            int p1 = place(kind, chainAt, random.nextInt(n - span), STAGE1, c);
            int off2 = 5 + random.nextInt(396);
            int p2 = place(kind, chainAt, p1 + off2 * perMs + random.nextInt(perMs), STAGE2, c);
            int off3 = off2 + 1 + random.nextInt(945 - off2);
            int p3 = place(kind, chainAt, Math.max(p2 + 1, p1 + off3 * perMs + random.nextInt(perMs)), STAGE3, c);
            complete[c] = p3 / perMs - p1 / perMs <= 1000;
        }
        for (int i = 0; i < shape.slow(); i++, c++) {
            int p1 = place(kind, chainAt, random.nextInt(n - span), STAGE1, c);
            int off2 = 5 + random.nextInt(396);
            int p2 = place(kind, chainAt, p1 + off2 * perMs, STAGE2, c);
            int off3 = 1100 + random.nextInt(801);
            place(kind, chainAt, Math.max(p2 + 1, p1 + off3 * perMs), STAGE3, c);
        }
        for (int i = 0; i < shape.stage1Only(); i++, c++) {
            place(kind, chainAt, random.nextInt(n - span), STAGE1, c);
        }
        for (int i = 0; i < shape.stages12(); i++, c++) {
            int p1 = place(kind, chainAt, random.nextInt(n - span), STAGE1, c);
            place(kind, chainAt, p1 + (5 + random.nextInt(396)) * perMs, STAGE2, c);
        }
        for (int i = 0; i < shape.orphan2(); i++, c++) {
            place(kind, chainAt, random.nextInt(n - span), STAGE2, c);
        }
        for (int i = 0; i < shape.orphan3(); i++, c++) {
            place(kind, chainAt, random.nextInt(n - span), STAGE3, c);
        }
        EventFactory factory = new EventFactory(random, shape.hosts());
        String[] chainEntity = new String[chains];
        for (int i = 0; i < chains; i++) {
            chainHost[i] = random.nextInt(shape.hosts());
            chainEntity[i] = factory.entityId();
        }
        List<Event> events = new ArrayList<>(n);
        List<Event> pending = new ArrayList<>(1000);
        for (int p = 0; p < n; p++) {
            long millis = START_MILLIS + p / perMs;
            int chain = chainAt[p];
            Event event = switch (kind[p]) {
                case STAGE1 -> factory.stage1(millis, chainHost[chain], chainEntity[chain]);
                case STAGE2 -> factory.stage2(millis, chainHost[chain], chainEntity[chain]);
                case STAGE3 -> factory.stage3(millis, chainHost[chain], chainEntity[chain]);
                default -> factory.noise(millis);
            };
            if (batches == null) {
                events.add(event);
            } else {
                pending.add(event);
                if (pending.size() == 1000 || p == n - 1) {
                    batches.accept(pending);
                    pending.clear();
                }
            }
        }
        Set<List<String>> expected = new HashSet<>();
        for (int i = 0; i < shape.complete(); i++) {
            if (complete[i]) {
                expected.add(List.of(factory.hostId(chainHost[i]), chainEntity[i]));
            }
        }
        return new Workload(shape, List.copyOf(events), Set.copyOf(expected), chainAt, complete);
    }

    /** Takes the first free slot at or after {@code desired}. */
    private static int place(byte[] kind, int[] chainAt, int desired, byte stage, int chain) {
        int p = desired;
        while (kind[p] != NOISE) {
            p++;
        }
        kind[p] = stage;
        chainAt[p] = chain;
        return p;
    }

    /**
     * W2: the same events, 5% displaced later by 0–200 ms and 0.5% by 0.5–2 s, in arrival order.
     */
    public List<Event> displaced(long seed, double nearFraction, double farFraction) {
        Random random = new Random(seed);
        int n = events.size();
        long[] arrival = new long[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            long millis = events.get(i).timestampNanos() / 1_000_000L;
            double roll = random.nextDouble();
            long delay = roll < farFraction ? 500 + random.nextInt(1501)
                    : roll < farFraction + nearFraction ? random.nextInt(201) : 0;
            arrival[i] = millis + delay;
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> arrival[i]).thenComparingInt(i -> i));
        List<Event> arrived = new ArrayList<>(n);
        for (Integer i : order) {
            arrived.add(events.get(i));
        }
        return arrived;
    }

    /**
     * The oracle for an arrival order cut into batches: a chain raises its alert when all three of its events are
     * accepted, an event being accepted when it is at most {@code latenessMillis} behind the newest event time of its
     * host committed by earlier batches.
     */
    public int expectedAlerts(List<Event> arrival, int batchSize, long latenessMillis) {
        Map<Event, Integer> chainByEvent = new HashMap<>();
        for (int p = 0; p < events.size(); p++) {
            if (chainOf[p] >= 0 && chainOf[p] < chainComplete.length && chainOf[p] < shape.complete()) {
                chainByEvent.put(events.get(p), chainOf[p]);
            }
        }
        Map<String, Long> committed = new HashMap<>();
        int[] accepted = new int[shape.complete()];
        for (int start = 0; start < arrival.size(); start += batchSize) {
            List<Event> batch = arrival.subList(start, Math.min(arrival.size(), start + batchSize));
            Map<String, Long> newest = new HashMap<>();
            for (Event e : batch) {
                String host = e.get(HOST_ID).stringValue();
                long millis = e.timestampNanos() / 1_000_000L;
                Long clock = committed.get(host);
                boolean late = clock != null && millis < clock - latenessMillis;
                if (!late) {
                    newest.merge(host, millis, Math::max);
                    Integer chain = chainByEvent.get(e);
                    if (chain != null) {
                        accepted[chain]++;
                    }
                }
            }
            newest.forEach((host, millis) -> committed.merge(host, millis, Math::max));
        }
        int alerts = 0;
        for (int i = 0; i < accepted.length; i++) {
            if (chainComplete[i] && accepted[i] == 3) {
                alerts++;
            }
        }
        return alerts;
    }

    /** The join key of a match, as the oracle names it. */
    public static List<String> keyOf(Event event) {
        return List.of(event.get(HOST_ID).stringValue(), event.get(ENTITY_ID).stringValue());
    }

    /** Builds the events; everything real events repeat is built once and shared. */
    static final class EventFactory {

        private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
        private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        private static final String[] BENIGN = {"/usr/bin/ls", "/usr/bin/cat", "/usr/bin/grep", "/usr/sbin/sshd",
            "/usr/lib/systemd/systemd-journald", "/usr/bin/python3", "/usr/bin/awk", "/usr/bin/sudo", "/usr/bin/ps",
            "/usr/bin/containerd-shim", "/usr/sbin/cron", "/usr/bin/bash", "/usr/bin/sh"};
        private static final String[] BENIGN_PARENTS = {"systemd", "sshd", "cron", "containerd-shim", "bash", "sudo"};
        private static final String[] SUSPICIOUS_DIRS = {"/tmp/", "/var/tmp/", "/dev/shm/", "/run/user/1000/.",
            "/var/www/html/", "/root/."};
        private static final String[] SHELLS = {"bash", "dash", "sh", "zsh"};

        private static final tools.jackson.databind.json.JsonMapper MAPPER =
                tools.jackson.databind.json.JsonMapper.builder().build();
        private final boolean reparse = Boolean.getBoolean("tripline.workload.reparse");
        private final Random random;
        private final ObjectNode[] hosts;
        private final ObjectNode[] agents;
        private final String[] hostIds;
        private final ArrayNode process = array("process");
        private final ArrayNode network = array("network");
        private final ArrayNode file = array("file");
        private final ArrayNode start = array("start");
        private final ArrayNode end = array("end");
        private final ArrayNode creation = array("creation");
        private final ObjectNode ecs = NODES.objectNode().put("version", "8.11.0");
        private final ObjectNode user = NODES.objectNode().put("id", "1000").put("name", "ubuntu");
        private final ObjectNode userAccented = NODES.objectNode().put("id", "1001").put("name", "andré");
        private final ObjectNode processStream = stream("endpoint.events.process");
        private final ObjectNode networkStream = stream("endpoint.events.network");
        private final ObjectNode fileStream = stream("endpoint.events.file");
        private final ArrayNode bigArgs;
        private long sequence;

        EventFactory(Random random, int hostCount) {
            this.random = random;
            this.hosts = new ObjectNode[hostCount];
            this.agents = new ObjectNode[hostCount];
            this.hostIds = new String[hostCount];
            String[] roles = {"web", "db", "k8s-node", "build", "cache"};
            for (int h = 0; h < hostCount; h++) {
                hostIds[h] = hex(32);
                String name = roles[random.nextInt(roles.length)] + "-" + String.format("%05d", random.nextInt(100_000));
                ObjectNode os = NODES.objectNode();
                os.putObject("Ext").put("variant", "Ubuntu");
                os.put("family", "ubuntu").put("full", "Ubuntu 22.04.4").put("kernel", "5.15.0-105-generic")
                        .put("name", "Linux").put("platform", "ubuntu").put("type", "linux").put("version", "22.04.4");
                ObjectNode host = NODES.objectNode();
                host.put("architecture", "x86_64").put("hostname", name).put("id", hostIds[h]);
                host.putArray("ip").add("10.0." + random.nextInt(256) + "." + random.nextInt(256));
                host.put("name", name);
                host.set("os", os);
                hosts[h] = host;
                agents[h] = NODES.objectNode().put("id", hex(8) + "-" + hex(4) + "-" + hex(4) + "-" + hex(4) + "-"
                        + hex(12)).put("type", "endpoint").put("version", "8.15.2");
            }
            bigArgs = NODES.arrayNode();
            for (int i = 0; i < 24; i++) {
                bigArgs.add("--option-" + i + "=" + "x".repeat(120));
            }
        }

        String hostId(int host) {
            return hostIds[host];
        }

        String entityId() {
            StringBuilder s = new StringBuilder(42);
            for (int i = 0; i < 40; i++) {
                s.append(B64.charAt(random.nextInt(64)));
            }
            return s.append("==").toString();
        }

        private String eventId() {
            StringBuilder s = new StringBuilder(22);
            for (int i = 0; i < 22; i++) {
                s.append(B64.charAt(random.nextInt(64)));
            }
            return s.toString();
        }

        private String hex(int length) {
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                s.append(Character.forDigit(random.nextInt(16), 16));
            }
            return s.toString();
        }

        private static ArrayNode array(String value) {
            return NODES.arrayNode().add(value);
        }

        private static ObjectNode stream(String dataset) {
            return NODES.objectNode().put("dataset", dataset).put("namespace", "default").put("type", "logs");
        }

        private ObjectNode base(long millis, int host, ObjectNode dataStream, String dataset, String action,
                ArrayNode category, ArrayNode type) {
            String time = Instant.ofEpochMilli(millis).toString();
            ObjectNode doc = NODES.objectNode();
            doc.put("@timestamp", time);
            doc.set("agent", agents[host]);
            doc.set("data_stream", dataStream);
            doc.set("ecs", ecs);
            ObjectNode event = doc.putObject("event");
            event.put("action", action).put("agent_id_status", "verified");
            event.set("category", category);
            event.put("created", time).put("dataset", dataset).put("id", eventId()).put("kind", "event")
                    .put("module", "endpoint").put("outcome", "unknown").put("sequence", sequence++);
            event.set("type", type);
            doc.set("host", hosts[host]);
            return doc;
        }

        private Event event(ObjectNode doc, long millis) {
            if (reparse) {
                // as the service holds it: decoded from JSON, every node of the event laid out together
                return Event.of((ObjectNode) MAPPER.readTree(MAPPER.writeValueAsBytes(doc)), millis * 1_000_000L);
            }
            return Event.of(doc, millis * 1_000_000L);
        }

        private ObjectNode processNode(ObjectNode doc, String executable, String parentName, String entity) {
            ObjectNode p = doc.putObject("process");
            String name = executable.substring(executable.lastIndexOf('/') + 1);
            if (random.nextInt(20) == 0) {
                p.set("args", bigArgs);
            } else {
                p.putArray("args").add(executable);
            }
            p.put("command_line", executable).put("entity_id", entity).put("executable", executable)
                    .put("name", name);
            ObjectNode parent = p.putObject("parent");
            parent.put("entity_id", entityId()).put("executable", "/usr/bin/" + parentName).put("name", parentName)
                    .put("pid", 1000 + random.nextInt(60_000));
            p.put("pid", 1000 + random.nextInt(60_000)).put("working_directory", "/home/ubuntu");
            doc.set("user", random.nextInt(100) == 0 ? userAccented : user);
            return p;
        }

        private void networkNodes(ObjectNode doc, String executable, String entity, String destination) {
            ObjectNode dest = doc.putObject("destination");
            dest.put("address", destination).put("ip", destination).put("port", 443);
            doc.putObject("network").put("direction", "egress").put("transport", "tcp").put("type", "ipv4");
            ObjectNode p = doc.putObject("process");
            p.put("entity_id", entity).put("executable", executable)
                    .put("name", executable.substring(executable.lastIndexOf('/') + 1))
                    .put("pid", 1000 + random.nextInt(60_000));
            doc.putObject("source").put("address", "10.0.0.1").put("ip", "10.0.0.1").put("port", 40_000);
            doc.set("user", user);
        }

        private String suspiciousBinary() {
            return SUSPICIOUS_DIRS[random.nextInt(SUSPICIOUS_DIRS.length)] + "x" + hex(5);
        }

        private String publicIp() {
            return "198.51.100." + random.nextInt(256);
        }

        Event stage1(long millis, int host, String entity) {
            ObjectNode doc = base(millis, host, processStream, "endpoint.events.process", "exec", process, start);
            processNode(doc, suspiciousBinary(), SHELLS[random.nextInt(SHELLS.length)], entity);
            return event(doc, millis);
        }

        Event stage2(long millis, int host, String entity) {
            ObjectNode doc = base(millis, host, networkStream, "endpoint.events.network",
                    random.nextBoolean() ? "connection_attempted" : "connection_accepted", network, start);
            networkNodes(doc, suspiciousBinary(), entity, publicIp());
            return event(doc, millis);
        }

        Event stage3(long millis, int host, String entity) {
            ObjectNode doc = base(millis, host, processStream, "endpoint.events.process", "exec", process, start);
            String shell = SHELLS[random.nextInt(SHELLS.length)];
            processNode(doc, "/usr/bin/" + shell, SHELLS[random.nextInt(SHELLS.length)], entity);
            return event(doc, millis);
        }

        Event noise(long millis) {
            int host = random.nextInt(hosts.length);
            int roll = random.nextInt(100);
            if (roll < 50) {
                String action = roll < 30 ? "exec" : roll < 40 ? "fork" : "end";
                ObjectNode doc = base(millis, host, processStream, "endpoint.events.process", action, process,
                        action.equals("end") ? end : start);
                if (roll < 5) {
                    // near miss: a suspicious path, but started by systemd, not a shell
                    processNode(doc, suspiciousBinary(), "systemd", entityId());
                } else {
                    String executable = BENIGN[random.nextInt(BENIGN.length)];
                    boolean shell = executable.endsWith("/bash") || executable.endsWith("/sh");
                    String parent = shell ? "sshd" : BENIGN_PARENTS[random.nextInt(BENIGN_PARENTS.length)];
                    processNode(doc, executable, parent, entityId());
                }
                return event(doc, millis);
            }
            if (roll < 80) {
                String action = roll < 65 ? "connection_attempted" : roll < 72 ? "connection_accepted"
                        : "disconnect_received";
                ObjectNode doc = base(millis, host, networkStream, "endpoint.events.network", action, network,
                        action.startsWith("connection") ? start : end);
                if (roll < 53) {
                    // near miss: a suspicious path talking to itself
                    networkNodes(doc, suspiciousBinary(), entityId(), "127.0.0.1");
                } else {
                    networkNodes(doc, "/usr/sbin/sshd", entityId(), publicIp());
                }
                return event(doc, millis);
            }
            ObjectNode doc = base(millis, host, fileStream, "endpoint.events.file", roll < 90 ? "creation"
                    : "modification", file, creation);
            doc.putObject("file").put("extension", "log").put("name", roll == 99 ? "résumé.log" : "y.log")
                    .put("path", "/var/log/app/y.log");
            ObjectNode p = doc.putObject("process");
            p.put("entity_id", entityId()).put("executable", "/usr/bin/sudo").put("name", "sudo")
                    .put("pid", 1000 + random.nextInt(60_000));
            doc.set("user", user);
            return event(doc, millis);
        }
    }

    /**
     * A stream too large to hold in memory, generated batch by batch: {@code total} events at
     * {@code eventsPerMilli}, a {@code stage1Fraction} of them seed-rule stage-1 events each with its own
     * {@code process.entity_id} (so as many distinct join keys), the rest W1 noise.
     */
    public static java.util.Iterator<List<Event>> highCardinality(long seed, long total, double stage1Fraction,
            int hostCount, int eventsPerMilli, int batchSize) {
        Random random = new Random(seed);
        EventFactory factory = new EventFactory(random, hostCount);
        // noise documents are read, never kept: a pool of them, re-stamped, keeps generation from dominating the run
        ObjectNode[] noisePool = new ObjectNode[50_000];
        for (int i = 0; i < noisePool.length; i++) {
            noisePool[i] = factory.noise(START_MILLIS).document();
        }
        return new java.util.Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < total;
            }

            @Override
            public List<Event> next() {
                int size = (int) Math.min(batchSize, total - next);
                List<Event> batch = new ArrayList<>(size);
                for (int i = 0; i < size; i++, next++) {
                    long millis = START_MILLIS + next / eventsPerMilli;
                    batch.add(random.nextDouble() < stage1Fraction
                            ? factory.stage1(millis, random.nextInt(hostCount), factory.entityId())
                            : Event.of(noisePool[random.nextInt(noisePool.length)], millis * 1_000_000L));
                }
                return batch;
            }
        };
    }

    /** {@code count} seed-rule stage-1 events, each with its own join key, all at one event time. */
    public static List<Event> stage1Events(long seed, int count, int hostCount) {
        Random random = new Random(seed);
        EventFactory factory = new EventFactory(random, hostCount);
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(factory.stage1(START_MILLIS, random.nextInt(hostCount), factory.entityId()));
        }
        return events;
    }

    /** {@code count} noise events (no stage of the seed rule), at one event time. */
    public static List<Event> noiseEvents(long seed, int count, int hostCount) {
        Random random = new Random(seed);
        EventFactory factory = new EventFactory(random, hostCount);
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(factory.noise(START_MILLIS));
        }
        return events;
    }

    /** For tests: how many events of each kind the workload holds. */
    public Map<String, Integer> census() {
        Map<String, Integer> counts = new HashMap<>();
        for (Event e : events) {
            JsonNode category = e.get(FieldPath.of("event.category"));
            counts.merge(category.get(0).stringValue(), 1, Integer::sum);
        }
        return counts;
    }
}
