package dev.tripline.rules;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code rules} table through plain JDBC (jsonb columns read into Jackson 3 trees, which Hibernate's JSON mapping
 * does not speak). The table is small (hundreds to a few thousand rows) and read whole at start.
 */
@Repository
class RuleStore {

    private static final String COLUMNS = """
            rule_id, name, description, severity, risk_score, tags, tuned_fields, query, source_format, source,
            source_sha256, body, metadata, origin, body_replaced, enabled, revision, created_by, updated_by,
            created_at, updated_at""";

    private static final String INSERT = """
            INSERT INTO rules (rule_id, name, description, severity, risk_score, tags, tuned_fields, query,
                               source_format, source, source_sha256, body, metadata, origin, body_replaced, enabled,
                               revision, created_by, updated_by, created_at, updated_at)
            VALUES (:rule_id, :name, :description, :severity, :risk_score, :tags, :tuned_fields, :query,
                    :source_format, :source, :source_sha256, CAST(:body AS jsonb), CAST(:metadata AS jsonb), :origin,
                    :body_replaced, :enabled, :revision, :created_by, :updated_by, :created_at, :updated_at)
            ON CONFLICT (rule_id) DO NOTHING""";

    private static final String UPDATE = """
            UPDATE rules SET name = :name, description = :description, severity = :severity,
                   risk_score = :risk_score, tags = :tags, tuned_fields = :tuned_fields, query = :query,
                   source_format = :source_format, source = :source, source_sha256 = :source_sha256,
                   body = CAST(:body AS jsonb), metadata = CAST(:metadata AS jsonb), origin = :origin,
                   body_replaced = :body_replaced, enabled = :enabled, revision = :revision,
                   updated_by = :updated_by, updated_at = :updated_at
            WHERE rule_id = :rule_id AND revision = :expected_revision""";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final JsonMapper json;
    private final RowMapper<StoredRule> rows = this::map;

    RuleStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.json = json;
    }

    Optional<StoredRule> find(String ruleId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM rules WHERE rule_id = ?", rows, ruleId).stream().findFirst();
    }

    /** The row, locked until the caller's transaction ends, so that two edits of one rule serialise. */
    Optional<StoredRule> lock(String ruleId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM rules WHERE rule_id = ? FOR UPDATE", rows, ruleId).stream()
                .findFirst();
    }

    List<StoredRule> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM rules ORDER BY rule_id", rows);
    }

    /** Stores a new rule; false when the rule id is taken. */
    boolean insert(StoredRule rule) {
        return named.update(INSERT, parameters(rule)) == 1;
    }

    /** Writes the next revision of a rule; false when someone else changed it first. */
    boolean update(StoredRule rule) {
        MapSqlParameterSource parameters = parameters(rule).addValue("expected_revision", rule.revision() - 1);
        return named.update(UPDATE, parameters) == 1;
    }

    boolean delete(String ruleId) {
        return jdbc.update("DELETE FROM rules WHERE rule_id = ?", ruleId) == 1;
    }

    record Page(List<StoredRule> rules, long total) {
    }

    Page page(RuleFilter filter) {
        StringBuilder where = new StringBuilder(" WHERE true");
        MapSqlParameterSource parameters = new MapSqlParameterSource();
        if (filter.enabled() != null) {
            where.append(" AND enabled = :enabled");
            parameters.addValue("enabled", filter.enabled());
        }
        if (filter.severity() != null) {
            where.append(" AND severity = :severity");
            parameters.addValue("severity", filter.severity());
        }
        if (filter.tag() != null) {
            where.append(" AND tags @> ARRAY[CAST(:tag AS text)]");
            parameters.addValue("tag", filter.tag());
        }
        if (filter.text() != null) {
            where.append(" AND (name ILIKE :text ESCAPE '\\' OR description ILIKE :text ESCAPE '\\'"
                    + " OR rule_id ILIKE :text ESCAPE '\\')");
            parameters.addValue("text", "%" + escapeLike(filter.text()) + "%");
        }
        Long total = named.queryForObject("SELECT count(*) FROM rules" + where, parameters, Long.class);
        parameters.addValue("limit", filter.perPage());
        parameters.addValue("offset", (long) (filter.page() - 1) * filter.perPage());
        List<StoredRule> page = named.query("SELECT " + COLUMNS + " FROM rules" + where
                + " ORDER BY lower(name), rule_id LIMIT :limit OFFSET :offset", parameters, rows);
        return new Page(page, total == null ? 0 : total);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private MapSqlParameterSource parameters(StoredRule rule) {
        return new MapSqlParameterSource()
                .addValue("rule_id", rule.ruleId())
                .addValue("name", rule.name())
                .addValue("description", rule.description())
                .addValue("severity", rule.severity())
                .addValue("risk_score", rule.riskScore())
                .addValue("tags", textArray(rule.tags()))
                .addValue("tuned_fields", textArray(new ArrayList<>(rule.tunedFields())))
                .addValue("query", rule.query())
                .addValue("source_format", rule.format().wireName())
                .addValue("source", rule.source())
                .addValue("source_sha256", rule.sourceSha256())
                .addValue("body", json.writeValueAsString(rule.body()))
                .addValue("metadata", json.writeValueAsString(rule.metadata()))
                .addValue("origin", rule.origin().wireName())
                .addValue("body_replaced", rule.bodyReplaced())
                .addValue("enabled", rule.enabled())
                .addValue("revision", rule.revision())
                .addValue("created_by", rule.createdBy())
                .addValue("updated_by", rule.updatedBy())
                .addValue("created_at", Timestamp.from(rule.createdAt()))
                .addValue("updated_at", Timestamp.from(rule.updatedAt()));
    }

    /** the PostgreSQL driver binds a String[] as text[] */
    private static String[] textArray(List<String> values) {
        return values.toArray(String[]::new);
    }

    private StoredRule map(ResultSet rs, int row) throws SQLException {
        return new StoredRule(
                rs.getString("rule_id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("severity"),
                rs.getInt("risk_score"),
                strings(rs.getArray("tags")),
                new LinkedHashSet<>(strings(rs.getArray("tuned_fields"))),
                rs.getString("query"),
                RuleFormat.fromWire(rs.getString("source_format")),
                rs.getString("source"),
                rs.getString("source_sha256"),
                (ObjectNode) json.readTree(rs.getString("body")),
                (ObjectNode) json.readTree(rs.getString("metadata")),
                RuleOrigin.fromWire(rs.getString("origin")),
                rs.getBoolean("body_replaced"),
                rs.getBoolean("enabled"),
                rs.getInt("revision"),
                rs.getString("created_by"),
                rs.getString("updated_by"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")));
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
