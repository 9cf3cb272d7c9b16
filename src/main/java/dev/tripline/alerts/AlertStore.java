package dev.tripline.alerts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
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
@DependsOn("alertFeed")
class AlertStore {

    /** Everything but the heavy detail columns (events, investigation guide): what the list shows. */
    private static final String LIST_COLUMNS = """
            id, feed_position, rule_id, rule_name, rule_revision, rule_references, rule_tags, severity, risk_score, status,
            status_reason, assignee, tags, reason, host_id, host_name, user_info, process_info, destination_info,
            join_keys, event_ids, threat, first_event_at, last_event_at, detected_at, updated_at, version""";

    private static final String DETAIL_COLUMNS = LIST_COLUMNS + """
            , COALESCE(investigation_guide,
                       (SELECT g.guide FROM alert_guides g WHERE g.sha256 = investigation_guide_sha256))
              AS investigation_guide, events""";

    private static final String INSERT_HEAD = """
            INSERT INTO alerts (id, rule_id, rule_name, rule_revision, rule_references, rule_tags, severity,
                                risk_score, reason, host_id, host_name, user_info, process_info, destination_info,
                                join_keys, event_ids, events, threat, investigation_guide_sha256, investigation_guide,
                                first_event_at, last_event_at)
            VALUES """;
    private static final String INSERT_ROW =
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)";
    private static final String INSERT_TAIL = " ON CONFLICT (id) DO NOTHING RETURNING id";
    /** 22 parameters a row; PostgreSQL's protocol takes at most 65,535 in one statement. */
    private static final int ROWS_PER_STATEMENT = 1000;

    /**
     * The feed position of the oldest transaction still running when the statement's snapshot was taken: every
     * transaction below it has finished, so a row whose position is below it can be handed out without a late
     * commit ever landing in front of it.
     */
    private static final String HORIZON = "alert_feed_base() + (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final JsonMapper json;

    AlertStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.json = json;
    }

    /**
     * An alert ready to insert: the derived document, every jsonb value serialised, and all event-derived text made
     * storable ({@link PostgresText}).
     */
    record Insertable(NewAlert alert, String ruleId, String ruleName, List<String> ruleReferences,
            List<String> ruleTags, String note, String reason, String hostId, String hostName, List<String> eventIds,
            Instant firstEventAt, Instant lastEventAt, String userJson, String processJson, String destinationJson,
            String joinKeysJson, String eventsJson, String threatJson, byte[] noteSha256) {
    }

    /** advisory lock class of the guides' inserts (its second key: the first four bytes of the guide's hash) */
    private static final int GUIDE_LOCKS = 0x67756964;
    /** the guides known to be committed (a guide is never deleted): no batch locks or inserts them again */
    private final Set<ByteBuffer> storedGuides = ConcurrentHashMap.newKeySet();

    /** the guide hashed last (see {@link #guideHash}) */
    private volatile GuideHash lastGuide;

    Insertable prepare(NewAlert alert) {
        AlertDocument document = AlertDocument.of(alert);
        RuleSnapshot rule = alert.rule();
        List<JsonNode> documents = new ArrayList<>(alert.events().size());
        alert.events().forEach(event -> documents.add(event.document()));
        String note = PostgresText.clean(rule.note());
        return new Insertable(alert, PostgresText.clean(rule.ruleId()), PostgresText.clean(rule.name()),
                PostgresText.clean(rule.references()), PostgresText.clean(rule.tags()), note,
                PostgresText.clean(document.reason()), PostgresText.clean(document.hostId()),
                PostgresText.clean(document.hostName()), PostgresText.clean(document.eventIds()),
                document.firstEventAt(), document.lastEventAt(), write(document.user()), write(document.process()),
                write(document.destination()), PostgresText.cleanJson(json.writeValueAsString(alert.joinKeys())),
                PostgresText.cleanJson(json.writeValueAsString(documents)),
                PostgresText.cleanJson(json.writeValueAsString(rule.threat())), guideHash(note));
    }

    /**
     * The guide's SHA-256. A rule's alerts share one guide text, so the last one hashed is kept: the kilobytes of a
     * guide are hashed once per rule, not once per alert.
     */
    private byte[] guideHash(String note) {
        if (note == null) {
            return null;
        }
        GuideHash last = lastGuide;
        if (last != null && last.text().equals(note)) {
            return last.sha256();
        }
        byte[] hash = sha256(note);
        lastGuide = new GuideHash(note, hash);
        return hash;
    }

    private record GuideHash(String text, byte[] sha256) {
    }

    /**
     * Inserts the alerts whose ids are not stored yet (in the caller's transaction) and returns the ids that this
     * call stored. Callers pass the alerts in one global order (by id) so that two batches sharing ids take their
     * row locks in the same order and cannot deadlock. One multi-row statement per chunk: a single round trip, and
     * {@code RETURNING} says exactly which rows were new (JDBC batches do not, once the driver rewrites them, and
     * pgjdbc's batch path raises an AssertionError instead of an SQLException when the connection dies mid-batch).
     */
    Set<UUID> insertNew(List<Insertable> alerts) {
        Set<ByteBuffer> inline = storeGuides(alerts);
        Set<UUID> inserted = new HashSet<>();
        for (int from = 0; from < alerts.size(); from += ROWS_PER_STATEMENT) {
            List<Insertable> chunk = alerts.subList(from, Math.min(alerts.size(), from + ROWS_PER_STATEMENT));
            jdbc.query(insertStatement(chunk.size()), ps -> {
                int index = 0;
                for (Insertable row : chunk) {
                    index = bind(ps, index, row, !inline.isEmpty() && row.noteSha256() != null
                            && inline.contains(ByteBuffer.wrap(row.noteSha256())));
                }
            }, (ResultSet rs) -> {
                inserted.add(rs.getObject(1, UUID.class));
            });
        }
        return inserted;
    }

    /**
     * Stores the investigation guides the alerts refer to, each distinct text once, in the caller's transaction (so
     * that an alert is never committed without its guide), and returns the hashes of those it could not store
     * without waiting: the alerts carry those guides themselves, in their own column.
     *
     * <p>Never waiting matters. Two ingest transactions inserting the same new guide meet on its key: the second waits
     * for the first to end. The ingest commits a batch only after the earlier batches it built on (see
     * {@code EngineBatch}), so if a later batch inserted a rule's first guide and then waited for an earlier one,
     * whose insert of that guide waited for the later one, both stood still until the queue timeout failed one (this
     * happened with the first alerts after a fresh start under load). So an insert first takes the guide's advisory
     * lock without waiting: whoever holds it is inserting that guide now, and the alerts of this batch then carry
     * the text instead. Once a guide is known to be committed, later batches neither lock nor insert it.
     */
    private Set<ByteBuffer> storeGuides(List<Insertable> alerts) {
        Map<ByteBuffer, String> guides = new LinkedHashMap<>();
        for (Insertable row : alerts) {
            if (row.note() != null) {
                ByteBuffer hash = ByteBuffer.wrap(row.noteSha256());
                if (!storedGuides.contains(hash)) {
                    guides.putIfAbsent(hash, row.note());
                }
            }
        }
        if (guides.isEmpty()) {
            return Set.of();
        }
        Set<ByteBuffer> inline = new HashSet<>();
        for (Map.Entry<ByteBuffer, String> guide : guides.entrySet()) {
            ByteBuffer hash = guide.getKey();
            Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?, ?)", Boolean.class,
                    GUIDE_LOCKS, hash.getInt(0));
            if (!Boolean.TRUE.equals(locked)) {
                inline.add(hash);
                continue;
            }
            // nobody else is inserting this guide (they would hold its lock): this insert cannot wait
            int added = jdbc.update(
                    "INSERT INTO alert_guides (sha256, guide) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING",
                    hash.array(), guide.getValue());
            if (added == 0) {
                storedGuides.add(hash);
            } else if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        storedGuides.add(hash);
                    }
                });
            }
        }
        return inline;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String insertStatement(int rows) {
        StringBuilder sql = new StringBuilder(INSERT_HEAD.length() + rows * (INSERT_ROW.length() + 2) + INSERT_TAIL.length());
        sql.append(INSERT_HEAD);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(INSERT_ROW);
        }
        return sql.append(INSERT_TAIL).toString();
    }

    /** Binds one row; {@code guideInline}: the alert carries its guide's text (see {@link #storeGuides}). */
    private static int bind(PreparedStatement ps, int offset, Insertable row, boolean guideInline)
            throws SQLException {
        RuleSnapshot rule = row.alert().rule();
        int i = offset;
        ps.setObject(++i, row.alert().id());
        ps.setString(++i, row.ruleId());
        ps.setString(++i, row.ruleName());
        ps.setInt(++i, rule.revision());
        ps.setArray(++i, textArray(ps, row.ruleReferences()));
        ps.setArray(++i, textArray(ps, row.ruleTags()));
        ps.setString(++i, rule.severity());
        ps.setInt(++i, rule.riskScore());
        ps.setString(++i, row.reason());
        ps.setString(++i, row.hostId());
        ps.setString(++i, row.hostName());
        setJson(ps, ++i, row.userJson());
        setJson(ps, ++i, row.processJson());
        setJson(ps, ++i, row.destinationJson());
        ps.setString(++i, row.joinKeysJson());
        ps.setArray(++i, textArray(ps, row.eventIds()));
        ps.setString(++i, row.eventsJson());
        ps.setString(++i, row.threatJson());
        ps.setBytes(++i, guideInline ? null : row.noteSha256());
        ps.setString(++i, guideInline ? row.note() : null);
        ps.setObject(++i, utc(row.firstEventAt()));
        ps.setObject(++i, utc(row.lastEventAt()));
        return i;
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
    record FeedEntry(long position, AlertView alert) {
    }

    /**
     * One page in feed order after {@code after} (exclusive), bounded by the snapshot horizon in both directions:
     * a descending walk would otherwise skip a late commit that lands between pages already read.
     */
    List<FeedEntry> page(AlertQuery query, AlertCursor after, int limit) {
        MapSqlParameterSource parameters = new MapSqlParameterSource();
        StringBuilder sql = new StringBuilder("SELECT ").append(LIST_COLUMNS).append(" FROM alerts WHERE feed_position < ")
                .append(HORIZON);
        appendFilters(query, sql, parameters);
        String direction = query.descending() ? "DESC" : "ASC";
        if (after != null) {
            sql.append(" AND (feed_position, id) ").append(query.descending() ? "<" : ">")
                    .append(" (:after_position, :after_id)");
            parameters.addValue("after_position", after.position());
            parameters.addValue("after_id", after.id());
        }
        sql.append(" ORDER BY feed_position ").append(direction).append(", id ").append(direction).append(" LIMIT :limit");
        parameters.addValue("limit", limit);
        return named.query(sql.toString(), parameters, (rs, n) -> new FeedEntry(rs.getLong("feed_position"), view(rs, false)));
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

    /** Writes the new triage state of an alert locked by {@link #lockTriage}, one version further. */
    void updateTriage(TriageState next) {
        jdbc.update("""
                UPDATE alerts SET status = ?, status_reason = ?, assignee = ?, tags = ?, version = version + 1,
                                  updated_at = now()
                WHERE id = ?""", ps -> {
            ps.setString(1, next.status().wireName());
            ps.setString(2, next.statusReason() == null ? null : next.statusReason().wireName());
            ps.setString(3, next.assignee());
            ps.setArray(4, textArray(ps, next.tags()));
            ps.setObject(5, next.id());
        });
    }

    /** Sets the status of alerts locked by {@link #lockTriage}, each one version further, in one statement. */
    void updateStatus(List<UUID> ids, AlertStatus status, StatusReason reason) {
        jdbc.update("""
                UPDATE alerts SET status = ?, status_reason = ?, version = version + 1, updated_at = now()
                WHERE id = ANY(?)""", ps -> {
            ps.setString(1, status.wireName());
            ps.setString(2, reason == null ? null : reason.wireName());
            ps.setArray(3, ps.getConnection().createArrayOf("uuid", ids.toArray()));
        });
    }

    /** A status change to record. */
    record StatusChange(UUID alertId, AlertStatus from, AlertStatus to, StatusReason reason, String changedBy) {
    }

    void recordStatusChanges(List<StatusChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        jdbc.update("""
                INSERT INTO alert_status_changes (alert_id, from_status, to_status, status_reason, changed_by)
                SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[])""", ps -> {
            int n = changes.size();
            Object[] ids = new Object[n];
            String[] from = new String[n];
            String[] to = new String[n];
            String[] reasons = new String[n];
            String[] actors = new String[n];
            for (int i = 0; i < n; i++) {
                StatusChange change = changes.get(i);
                ids[i] = change.alertId();
                from[i] = change.from().wireName();
                to[i] = change.to().wireName();
                reasons[i] = change.reason() == null ? null : change.reason().wireName();
                actors[i] = change.changedBy();
            }
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids));
            ps.setArray(2, ps.getConnection().createArrayOf("text", from));
            ps.setArray(3, ps.getConnection().createArrayOf("text", to));
            ps.setArray(4, ps.getConnection().createArrayOf("text", reasons));
            ps.setArray(5, ps.getConnection().createArrayOf("text", actors));
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
                readList(rs.getString("join_keys")),
                textList(rs, "event_ids"),
                readList(rs.getString("threat")),
                textList(rs, "rule_references"),
                textList(rs, "rule_tags"),
                instant(rs, "first_event_at"),
                instant(rs, "last_event_at"),
                instant(rs, "detected_at"),
                instant(rs, "updated_at"),
                rs.getInt("version"),
                detail ? rs.getString("investigation_guide") : null,
                detail ? readList(rs.getString("events")) : null,
                null);
    }

    private JsonNode read(String text) {
        return text == null ? null : json.readTree(text);
    }

    /** A jsonb array as a list of its elements. */
    private List<JsonNode> readList(String text) {
        if (text == null) {
            return null;
        }
        JsonNode array = json.readTree(text);
        List<JsonNode> elements = new ArrayList<>(array.size());
        array.forEach(elements::add);
        return List.copyOf(elements);
    }

    private String write(JsonNode node) {
        return node == null ? null : PostgresText.cleanJson(json.writeValueAsString(node));
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
