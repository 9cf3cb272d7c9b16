package dev.tripline.alerts;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alerts tables, through plain JDBC rather than JPA, operation by operation: the insert is PostgreSQL's
 * {@code INSERT ... ON CONFLICT DO NOTHING}, the list is a keyset query bounded by the snapshot's oldest running
 * transaction, the summary is aggregates, triage is a row lock and a version-checked update, and most columns are
 * jsonb read once into Jackson trees. None of these gains from an entity's life cycle, and plain JDBC keeps jsonb
 * away from Hibernate's JSON mapping, which is built for Jackson 2.
 */
@Repository
class AlertStore {

    /** Everything but the heavy detail columns (events, investigation guide): what the list shows. */
    private static final String LIST_COLUMNS = """
            id, feed_xid, rule_id, rule_name, rule_revision, rule_references, rule_tags, severity, risk_score, status,
            status_reason, assignee, tags, reason, host_id, host_name, user_info, process_info, destination_info,
            join_keys, event_ids, threat, first_event_at, last_event_at, detected_at, updated_at, version""";

    private static final String DETAIL_COLUMNS = LIST_COLUMNS + ", investigation_guide, events";

    private static final String INSERT = """
            INSERT INTO alerts (id, rule_id, rule_name, rule_revision, rule_references, rule_tags, severity,
                                risk_score, reason, host_id, host_name, user_info, process_info, destination_info,
                                join_keys, event_ids, events, threat, investigation_guide, first_event_at,
                                last_event_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?,
                    ?, ?)
            ON CONFLICT (id) DO NOTHING""";

    /**
     * The oldest transaction still running when the statement's snapshot was taken: every transaction below it
     * has finished, so a row whose feed position is below it can be handed out without a late commit ever landing
     * in front of it.
     */
    private static final String HORIZON = "(pg_snapshot_xmin(pg_current_snapshot())::text)::bigint";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final JsonMapper json;

    AlertStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.json = json;
    }

    /** An alert ready to insert: the derived document and every jsonb value already serialised. */
    record Insertable(NewAlert alert, AlertDocument document, String userJson, String processJson,
            String destinationJson, String joinKeysJson, String eventsJson, String threatJson) {
    }

    Insertable prepare(NewAlert alert) {
        AlertDocument document = AlertDocument.of(alert);
        List<JsonNode> documents = new ArrayList<>(alert.events().size());
        alert.events().forEach(event -> documents.add(event.document()));
        return new Insertable(alert, document, write(document.user()), write(document.process()),
                write(document.destination()), json.writeValueAsString(alert.joinKeys()),
                json.writeValueAsString(documents), json.writeValueAsString(alert.rule().threat()));
    }

    /**
     * Inserts the alerts whose ids are not stored yet (in the caller's transaction) and returns the ids that this
     * call stored. Callers pass the alerts in one global order (by id) so that two batches sharing ids take their
     * row locks in the same order and cannot deadlock.
     */
    Set<UUID> insertNew(List<Insertable> alerts) {
        int[] counts = jdbc.batchUpdate(INSERT, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                Insertable row = alerts.get(i);
                NewAlert alert = row.alert();
                RuleSnapshot rule = alert.rule();
                AlertDocument document = row.document();
                ps.setObject(1, alert.id());
                ps.setString(2, rule.ruleId());
                ps.setString(3, rule.name());
                ps.setInt(4, rule.revision());
                ps.setArray(5, textArray(ps, rule.references()));
                ps.setArray(6, textArray(ps, rule.tags()));
                ps.setString(7, rule.severity());
                ps.setInt(8, rule.riskScore());
                ps.setString(9, document.reason());
                ps.setString(10, document.hostId());
                ps.setString(11, document.hostName());
                setJson(ps, 12, row.userJson());
                setJson(ps, 13, row.processJson());
                setJson(ps, 14, row.destinationJson());
                ps.setString(15, row.joinKeysJson());
                ps.setArray(16, textArray(ps, document.eventIds()));
                ps.setString(17, row.eventsJson());
                ps.setString(18, row.threatJson());
                ps.setString(19, rule.note());
                ps.setObject(20, utc(document.firstEventAt()));
                ps.setObject(21, utc(document.lastEventAt()));
            }

            @Override
            public int getBatchSize() {
                return alerts.size();
            }
        });
        Set<UUID> inserted = new HashSet<>();
        boolean countsKnown = true;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == Statement.SUCCESS_NO_INFO) {
                countsKnown = false;
            } else if (counts[i] > 0) {
                inserted.add(alerts.get(i).alert().id());
            }
        }
        if (!countsKnown) {
            // a driver that rewrites batches (reWriteBatchedInserts) reports no per-row counts: the rows this
            // transaction inserted are the ones that carry its transaction id
            inserted.clear();
            UUID[] ids = alerts.stream().map(row -> row.alert().id()).toArray(UUID[]::new);
            inserted.addAll(jdbc.query(
                    "SELECT id FROM alerts WHERE id = ANY(?) AND feed_xid = (pg_current_xact_id()::text)::bigint",
                    ps -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids)),
                    (rs, n) -> rs.getObject(1, UUID.class)));
        }
        return inserted;
    }

    Optional<AlertView> find(UUID id) {
        List<AlertView> found = jdbc.query("SELECT " + DETAIL_COLUMNS + " FROM alerts WHERE id = ?",
                (rs, n) -> view(rs, true), id);
        return found.stream().findFirst();
    }

    List<StatusChangeView> statusHistory(UUID id) {
        return jdbc.query("""
                SELECT from_status, to_status, status_reason, changed_by, changed_at
                FROM alert_status_changes WHERE alert_id = ? ORDER BY id""",
                (rs, n) -> new StatusChangeView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        instant(rs, 5)),
                id);
    }

    /** A listed alert and its feed position, from which the next cursor is made. */
    record FeedEntry(long feedXid, AlertView alert) {
    }

    /**
     * One page in feed order after {@code after} (exclusive), bounded by the snapshot horizon in both directions:
     * a descending walk would otherwise skip a late commit that lands between pages already read.
     */
    List<FeedEntry> page(AlertQuery query, AlertCursor after, int limit) {
        MapSqlParameterSource parameters = new MapSqlParameterSource();
        StringBuilder sql = new StringBuilder("SELECT ").append(LIST_COLUMNS).append(" FROM alerts WHERE feed_xid < ")
                .append(HORIZON);
        appendFilters(query, sql, parameters);
        String direction = query.descending() ? "DESC" : "ASC";
        if (after != null) {
            sql.append(" AND (feed_xid, id) ").append(query.descending() ? "<" : ">").append(" (:after_xid, :after_id)");
            parameters.addValue("after_xid", after.feedXid());
            parameters.addValue("after_id", after.id());
        }
        sql.append(" ORDER BY feed_xid ").append(direction).append(", id ").append(direction).append(" LIMIT :limit");
        parameters.addValue("limit", limit);
        return named.query(sql.toString(), parameters, (rs, n) -> new FeedEntry(rs.getLong("feed_xid"), view(rs, false)));
    }

    /** Counts for the summary; the caller runs the four queries in one snapshot so that they agree. */
    AlertSummary summary(AlertQuery query, int top) {
        MapSqlParameterSource parameters = new MapSqlParameterSource().addValue("top", top);
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        appendFilters(query, where, parameters);
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (AlertStatus status : AlertStatus.values()) {
            byStatus.put(status.wireName(), 0L);
        }
        named.query("SELECT status, count(*) FROM alerts" + where + " GROUP BY status", parameters,
                rs -> {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                });
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (String severity : List.of("critical", "high", "medium", "low")) {
            bySeverity.put(severity, 0L);
        }
        named.query("SELECT severity, count(*) FROM alerts" + where + " GROUP BY severity", parameters,
                rs -> {
                    bySeverity.put(rs.getString(1), rs.getLong(2));
                });
        List<AlertSummary.RuleCount> byRule = named.query("""
                SELECT rule_id, (array_agg(rule_name ORDER BY detected_at DESC))[1], count(*) FROM alerts"""
                + where + " GROUP BY rule_id ORDER BY count(*) DESC, rule_id LIMIT :top", parameters,
                (rs, n) -> new AlertSummary.RuleCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
        List<AlertSummary.HostCount> byHost = named.query("""
                SELECT host_id, (array_agg(host_name ORDER BY detected_at DESC))[1], count(*) FROM alerts"""
                + where + " AND host_id IS NOT NULL GROUP BY host_id ORDER BY count(*) DESC, host_id LIMIT :top",
                parameters, (rs, n) -> new AlertSummary.HostCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
        long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
        return new AlertSummary(total, byStatus, bySeverity, byRule, byHost);
    }

    /** Locks the alerts' triage state for the rest of the transaction, in id order (no deadlock between bulks). */
    List<TriageState> lockTriage(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                SELECT id, status, status_reason, assignee, tags, version FROM alerts
                WHERE id = ANY(?) ORDER BY id FOR UPDATE""",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids.toArray())),
                (rs, n) -> new TriageState(rs.getObject(1, UUID.class),
                        AlertStatus.fromWire(rs.getString(2)).orElseThrow(),
                        rs.getString(3) == null ? null : StatusReason.fromWire(rs.getString(3)).orElseThrow(),
                        rs.getString(4), textList(rs, 5), rs.getInt(6)));
    }

    /** Writes the new triage state of alerts locked by {@link #lockTriage}, each one version further. */
    void updateTriage(List<TriageState> changed) {
        jdbc.batchUpdate("""
                UPDATE alerts SET status = ?, status_reason = ?, assignee = ?, tags = ?, version = version + 1,
                                  updated_at = now()
                WHERE id = ?""", new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                TriageState state = changed.get(i);
                ps.setString(1, state.status().wireName());
                ps.setString(2, state.statusReason() == null ? null : state.statusReason().wireName());
                ps.setString(3, state.assignee());
                ps.setArray(4, textArray(ps, state.tags()));
                ps.setObject(5, state.id());
            }

            @Override
            public int getBatchSize() {
                return changed.size();
            }
        });
    }

    /** A status change to record. */
    record StatusChange(UUID alertId, AlertStatus from, AlertStatus to, StatusReason reason, String changedBy) {
    }

    void recordStatusChanges(List<StatusChange> changes) {
        jdbc.batchUpdate("""
                INSERT INTO alert_status_changes (alert_id, from_status, to_status, status_reason, changed_by)
                VALUES (?, ?, ?, ?, ?)""", new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                StatusChange change = changes.get(i);
                ps.setObject(1, change.alertId());
                ps.setString(2, change.from().wireName());
                ps.setString(3, change.to().wireName());
                ps.setString(4, change.reason() == null ? null : change.reason().wireName());
                ps.setString(5, change.changedBy());
            }

            @Override
            public int getBatchSize() {
                return changes.size();
            }
        });
    }

    private static void appendFilters(AlertQuery query, StringBuilder sql, MapSqlParameterSource parameters) {
        in(sql, parameters, "status", query.statuses());
        in(sql, parameters, "severity", query.severities());
        in(sql, parameters, "rule_id", query.ruleIds());
        in(sql, parameters, "host_id", query.hostIds());
        in(sql, parameters, "host_name", query.hostNames());
        if (query.from() != null) {
            sql.append(" AND last_event_at >= :from");
            parameters.addValue("from", utc(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND last_event_at < :to");
            parameters.addValue("to", utc(query.to()));
        }
        if (query.updatedSince() != null) {
            sql.append(" AND updated_at >= :updated_since");
            parameters.addValue("updated_since", utc(query.updatedSince()));
        }
    }

    private static void in(StringBuilder sql, MapSqlParameterSource parameters, String column, List<String> values) {
        if (!values.isEmpty()) {
            sql.append(" AND ").append(column).append(" IN (:").append(column).append(')');
            parameters.addValue(column, values);
        }
    }

    private AlertView view(ResultSet rs, boolean detail) throws SQLException {
        String hostId = rs.getString("host_id");
        String hostName = rs.getString("host_name");
        return new AlertView(
                rs.getObject("id", UUID.class),
                rs.getString("rule_id"),
                rs.getString("rule_name"),
                rs.getInt("rule_revision"),
                rs.getString("severity"),
                rs.getInt("risk_score"),
                rs.getString("status"),
                rs.getString("status_reason"),
                rs.getString("assignee"),
                textList(rs, "tags"),
                rs.getString("reason"),
                hostId == null && hostName == null ? null : new AlertView.Host(hostId, hostName),
                read(rs.getString("user_info")),
                read(rs.getString("process_info")),
                read(rs.getString("destination_info")),
                read(rs.getString("join_keys")),
                textList(rs, "event_ids"),
                read(rs.getString("threat")),
                textList(rs, "rule_references"),
                textList(rs, "rule_tags"),
                instant(rs, "first_event_at"),
                instant(rs, "last_event_at"),
                instant(rs, "detected_at"),
                instant(rs, "updated_at"),
                rs.getInt("version"),
                detail ? rs.getString("investigation_guide") : null,
                detail ? read(rs.getString("events")) : null,
                null);
    }

    private JsonNode read(String text) {
        return text == null ? null : json.readTree(text);
    }

    private String write(JsonNode node) {
        return node == null ? null : json.writeValueAsString(node);
    }

    private static void setJson(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static Array textArray(PreparedStatement ps, List<String> values) throws SQLException {
        return ps.getConnection().createArrayOf("text", values.toArray());
    }

    private static List<String> textList(ResultSet rs, String column) throws SQLException {
        return textList(rs.getArray(column));
    }

    private static List<String> textList(ResultSet rs, int column) throws SQLException {
        return textList(rs.getArray(column));
    }

    private static List<String> textList(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            return List.copyOf(Arrays.asList((String[]) array.getArray()));
        } finally {
            array.free();
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
