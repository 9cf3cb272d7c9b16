package dev.tripline.engine;

import dev.tripline.eql.CategoryMatcher;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.CompiledStage;
import dev.tripline.eql.JoinKeyField;
import dev.tripline.eql.QueryKind;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One case of a timeline spec file: a query shape, one row per stage with the events that hit it on an ASCII time
 * line ({@code Name:key|time}), and the matches expected. The format, by example:
 *
 * <pre>
 * === a newer first-stage candidate replaces the older
 * query sequence maxspan=10
 * [1]   A1:k|1  A2:k|2
 * [2]                  B:k|3
 * [3]                        C:k|4
 * match A2 B C
 * </pre>
 *
 * <p>{@code ![n]} marks a missing-event stage, {@code until} the until row, {@code runs n=N} repeats stage n. An
 * event named in several rows is one event hitting several stages. A key {@code -} is a missing key value
 * ({@code optional} on the query line makes key fields optional). Times are milliseconds. By default all events are
 * delivered in one batch in time order; {@code deliver A B | C} gives the arrival order and batches,
 * {@code lateness N} the allowed lateness; {@code superseded ...} and {@code late ...} list what the engine must
 * report.
 */
record TimelineSpec(String file, String title, QueryKind kind, long maxspanMillis, boolean optional,
        Map<Integer, Integer> runs, List<Row> rows, List<List<String>> deliveries, long latenessMillis,
        List<List<String>> matches, List<List<String>> superseded, List<String> late) {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One stage row: stage number from 1 (0 = the until row), missing or not, and its events. */
    record Row(int stage, boolean missing, List<Token> tokens) {
    }

    record Token(String name, String key, long time, int column) {
    }

    @Override
    public String toString() {
        return file + ": " + title;
    }

    static List<TimelineSpec> load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<TimelineSpec> specs = new ArrayList<>();
        List<String> block = new ArrayList<>();
        String title = null;
        for (String raw : lines) {
            String line = raw.stripTrailing();
            if (line.startsWith("===")) {
                if (title != null) {
                    specs.add(parse(file.getFileName().toString(), title, block));
                }
                title = line.substring(3).strip();
                block = new ArrayList<>();
            } else if (!line.isBlank() && !line.startsWith("#")) {
                block.add(line);
            }
        }
        if (title != null) {
            specs.add(parse(file.getFileName().toString(), title, block));
        }
        return specs;
    }

    private static TimelineSpec parse(String file, String title, List<String> lines) {
        QueryKind kind = QueryKind.SEQUENCE;
        long maxspan = 0;
        boolean optional = false;
        Map<Integer, Integer> runs = new TreeMap<>();
        List<Row> rows = new ArrayList<>();
        List<List<String>> deliveries = new ArrayList<>();
        long lateness = 0;
        List<List<String>> matches = new ArrayList<>();
        List<List<String>> superseded = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (String line : lines) {
            String[] words = line.trim().split("\\s+");
            String head = words[0];
            if (head.equals("query")) {
                kind = QueryKind.valueOf(words[1].toUpperCase());
                for (int i = 2; i < words.length; i++) {
                    if (words[i].startsWith("maxspan=")) {
                        maxspan = Long.parseLong(words[i].substring("maxspan=".length()));
                    } else if (words[i].equals("optional")) {
                        optional = true;
                    } else {
                        throw new IllegalArgumentException(file + ": unknown query option " + words[i]);
                    }
                }
            } else if (head.equals("runs")) {
                for (int i = 1; i < words.length; i++) {
                    String[] kv = words[i].split("=");
                    runs.put(Integer.parseInt(kv[0]), Integer.parseInt(kv[1]));
                }
            } else if (head.matches("!?\\[\\d+]") || head.equals("until")) {
                boolean missing = head.startsWith("!");
                int stage = head.equals("until") ? 0 : Integer.parseInt(head.replaceAll("[!\\[\\]]", ""));
                rows.add(new Row(stage, missing, tokens(line, head.length())));
            } else if (head.equals("deliver")) {
                List<String> batch = new ArrayList<>();
                for (int i = 1; i < words.length; i++) {
                    if (words[i].equals("|")) {
                        deliveries.add(batch);
                        batch = new ArrayList<>();
                    } else {
                        batch.add(words[i]);
                    }
                }
                deliveries.add(batch);
            } else if (head.equals("lateness")) {
                lateness = Long.parseLong(words[1]);
            } else if (head.equals("match")) {
                matches.add(List.of(words).subList(1, words.length));
            } else if (head.equals("superseded")) {
                superseded.add(List.of(words).subList(1, words.length));
            } else if (head.equals("late")) {
                late.addAll(List.of(words).subList(1, words.length));
            } else {
                throw new IllegalArgumentException(file + ": cannot read line '" + line + "'");
            }
        }
        return new TimelineSpec(file, title, kind, maxspan, optional, runs, rows, deliveries, lateness, matches,
                superseded, late);
    }

    private static List<Token> tokens(String line, int start) {
        List<Token> tokens = new ArrayList<>();
        int i = start;
        while (i < line.length()) {
            if (Character.isWhitespace(line.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                end++;
            }
            String token = line.substring(i, end);
            String[] nameRest = token.split(":", 2);
            String[] keyTime = nameRest[1].split("\\|", 2);
            tokens.add(new Token(nameRest[0], keyTime[0], Long.parseLong(keyTime[1]), i));
            i = end;
        }
        return tokens;
    }

    int stageCount() {
        int max = 0;
        for (Row row : rows) {
            max = Math.max(max, row.stage());
        }
        return max;
    }

    boolean hasUntil() {
        return rows.stream().anyMatch(r -> r.stage() == 0);
    }

    CompiledQuery query() {
        List<CompiledStage> stages = new ArrayList<>();
        for (int s = 1; s <= stageCount(); s++) {
            int stage = s;
            boolean missing = rows.stream().anyMatch(r -> r.stage() == stage && r.missing());
            String mark = "s" + s;
            List<JoinKeyField> keys = kind == QueryKind.EVENT ? List.of()
                    : List.of(new JoinKeyField(FieldPath.of("key" + s), optional));
            stages.add(new CompiledStage(s - 1, "test", e -> e.document().has(mark), keys, runs.getOrDefault(s, 1),
                    missing));
        }
        CompiledStage until = hasUntil()
                ? new CompiledStage(-1, "test", e -> e.document().has("u"),
                        List.of(new JoinKeyField(FieldPath.of("keyu"), optional)), 1, false)
                : null;
        return new CompiledQuery(title, kind, CategoryMatcher.DEFAULT, stages, until, maxspanMillis * 1_000_000L,
                List.of());
    }

    /** The events, by name, in time order (ties: left to right on the page). */
    Map<String, Event> events() {
        Map<String, ObjectNode> documents = new LinkedHashMap<>();
        Map<String, long[]> order = new LinkedHashMap<>();
        for (Row row : rows) {
            for (Token token : row.tokens()) {
                ObjectNode doc = documents.computeIfAbsent(token.name(), n -> {
                    ObjectNode d = JSON.createObjectNode();
                    d.put("@timestamp", token.time());
                    d.putObject("event").put("category", "test").put("id", n);
                    d.putObject("host").put("id", "h");
                    return d;
                });
                if (doc.get("@timestamp").longValue() != token.time()) {
                    throw new IllegalArgumentException(file + ": " + token.name() + " appears at two times");
                }
                String suffix = row.stage() == 0 ? "u" : String.valueOf(row.stage());
                doc.put(row.stage() == 0 ? "u" : "s" + row.stage(), true);
                if (!token.key().equals("-")) {
                    doc.put("key" + suffix, token.key());
                }
                order.putIfAbsent(token.name(), new long[] {token.time(), token.column()});
            }
        }
        List<String> names = new ArrayList<>(documents.keySet());
        names.sort((a, b) -> {
            long[] x = order.get(a);
            long[] y = order.get(b);
            return x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]);
        });
        Map<String, Event> events = new LinkedHashMap<>();
        for (String name : names) {
            events.put(name, Event.from(documents.get(name)));
        }
        return events;
    }

    static String nameOf(Event event) {
        return event.document().get("event").get("id").stringValue();
    }
}
