package dev.tripline.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.util.MultiValueMap;

/**
 * The filters of {@code GET /api/v1/alerts} and {@code _summary}. Each list filter takes one or more values
 * (repeat the parameter or separate values with commas) and matches any of them; different filters must all match.
 * {@code from}/{@code to} bound the time of the alert's last event (the event that completed the sequence): from
 * inclusive, to exclusive; {@code updated_since} is inclusive.
 */
record AlertQuery(List<String> statuses, List<String> severities, List<String> ruleIds, List<String> hostIds,
        List<String> hostNames, Instant from, Instant to, Instant updatedSince, boolean descending) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_TOP = 10;
    static final int MAX_TOP = 100;
    private static final int MAX_VALUES = 100;
    private static final int MAX_VALUE_LENGTH = 512;
    private static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
    private static final Set<String> FILTERS = Set.of("status", "severity", "rule_id", "host_id", "host_name", "from",
            "to", "updated_since");
    static final Set<String> LIST_PARAMETERS = union(FILTERS, Set.of("limit", "cursor", "order"));
    static final Set<String> SUMMARY_PARAMETERS = union(FILTERS, Set.of("top"));

    /** A list request: filters, page size and where to continue. */
    record ListRequest(AlertQuery query, int limit, AlertCursor cursor) {
    }

    static ListRequest parseList(MultiValueMap<String, String> parameters) {
        InvalidRequest problems = new InvalidRequest();
        rejectUnknown(parameters, LIST_PARAMETERS, problems);
        AlertQuery query = parseFilters(parameters, problems);
        int limit = parseBoundedInt(parameters, "limit", DEFAULT_LIMIT, MAX_LIMIT, problems);
        AlertCursor cursor = null;
        String cursorText = single(parameters, "cursor", problems);
        if (cursorText != null && query != null) {
            try {
                cursor = AlertCursor.decode(cursorText);
                if (!cursor.fingerprint().equals(query.fingerprint())) {
                    problems.add("cursor", "belongs to a list with other filters or another order: repeat the"
                            + " filters and order of the request that returned it");
                }
            } catch (IllegalArgumentException e) {
                problems.add("cursor", "is not a cursor this service returned");
            }
        }
        problems.throwIfAny("The query");
        return new ListRequest(query, limit, cursor);
    }

    /** A summary request: filters (order is irrelevant) and how many rules and hosts to list. */
    record SummaryRequest(AlertQuery query, int top) {
    }

    static SummaryRequest parseSummary(MultiValueMap<String, String> parameters) {
        InvalidRequest problems = new InvalidRequest();
        rejectUnknown(parameters, SUMMARY_PARAMETERS, problems);
        AlertQuery query = parseFilters(parameters, problems);
        int top = parseBoundedInt(parameters, "top", DEFAULT_TOP, MAX_TOP, problems);
        problems.throwIfAny("The query");
        return new SummaryRequest(query, top);
    }

    private static AlertQuery parseFilters(MultiValueMap<String, String> parameters, InvalidRequest problems) {
        List<String> statuses = values(parameters, "status", problems);
        for (String status : statuses) {
            if (AlertStatus.fromWire(status).isEmpty()) {
                problems.add("status", "'" + status + "' is not one of " + AlertStatus.CHOICES);
            }
        }
        List<String> severities = values(parameters, "severity", problems);
        for (String severity : severities) {
            if (!SEVERITIES.contains(severity)) {
                problems.add("severity", "'" + severity + "' is not one of low, medium, high, critical");
            }
        }
        List<String> ruleIds = values(parameters, "rule_id", problems);
        List<String> hostIds = values(parameters, "host_id", problems);
        List<String> hostNames = values(parameters, "host_name", problems);
        Instant from = instant(parameters, "from", problems);
        Instant to = instant(parameters, "to", problems);
        if (from != null && to != null && !from.isBefore(to)) {
            problems.add("to", "must be later than from");
        }
        Instant updatedSince = instant(parameters, "updated_since", problems);
        boolean descending = false;
        String order = single(parameters, "order", problems);
        if (order != null) {
            switch (order) {
                case "asc" -> descending = false;
                case "desc" -> descending = true;
                default -> problems.add("order", "'" + order + "' is not one of asc, desc");
            }
        }
        return new AlertQuery(statuses, severities, ruleIds, hostIds, hostNames, from, to, updatedSince, descending);
    }

    /**
     * Identifies the filters and order a cursor was issued for: a cursor applied to another query would skip or
     * repeat alerts silently, so it is refused instead.
     */
    String fingerprint() {
        String canonical = String.join("|", "status=" + new TreeSet<>(statuses), "severity=" + new TreeSet<>(severities),
                "rule_id=" + new TreeSet<>(ruleIds), "host_id=" + new TreeSet<>(hostIds),
                "host_name=" + new TreeSet<>(hostNames), "from=" + from, "to=" + to, "updated_since=" + updatedSince,
                "order=" + (descending ? "desc" : "asc"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void rejectUnknown(MultiValueMap<String, String> parameters, Set<String> known,
            InvalidRequest problems) {
        for (String name : new TreeSet<>(parameters.keySet())) {
            if (!known.contains(name)) {
                problems.add(name, "is not a known parameter; known: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static List<String> values(MultiValueMap<String, String> parameters, String name, InvalidRequest problems) {
        List<String> raw = parameters.get(name);
        if (raw == null) {
            return List.of();
        }
        Set<String> values = new LinkedHashSet<>();
        for (String value : raw) {
            for (String part : value.split(",", -1)) {
                String trimmed = part.strip();
                if (trimmed.isEmpty()) {
                    problems.add(name, "must not be empty");
                } else if (trimmed.length() > MAX_VALUE_LENGTH) {
                    problems.add(name, "values must be at most " + MAX_VALUE_LENGTH + " characters");
                } else {
                    values.add(trimmed);
                }
            }
        }
        if (values.size() > MAX_VALUES) {
            problems.add(name, "takes at most " + MAX_VALUES + " values, got " + values.size());
        }
        return List.copyOf(values);
    }

    private static String single(MultiValueMap<String, String> parameters, String name, InvalidRequest problems) {
        List<String> raw = parameters.get(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.size() > 1) {
            problems.add(name, "must be given once");
            return null;
        }
        String value = raw.get(0).strip();
        if (value.isEmpty()) {
            problems.add(name, "must not be empty");
            return null;
        }
        return value;
    }

    private static Instant instant(MultiValueMap<String, String> parameters, String name, InvalidRequest problems) {
        String value = single(parameters, name, problems);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(name, "must be an ISO-8601 date-time with an offset, such as 2025-01-15T10:00:00Z");
            return null;
        }
    }

    private static int parseBoundedInt(MultiValueMap<String, String> parameters, String name, int defaultValue,
            int max, InvalidRequest problems) {
        String value = single(parameters, name, problems);
        if (value == null) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        problems.add(name, "must be a whole number from 1 to " + max + ", was '" + AlertReason.shown(value) + "'");
        return defaultValue;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
