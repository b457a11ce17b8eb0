package io.herald.audit.search;

import io.herald.audit.store.NotificationStatus;
import io.herald.audit.store.TenantScope;
import io.herald.schema.Outcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Searches {@code audit.notification}: filtered lists newest first with keyset (cursor) pagination over
 * {@code (first_event_at DESC, id)}, which the indexes of {@code db/migration} serve, and counts per status, provider and
 * channel over a time range, each only over the caller's tenants ({@link TenantScope}, a condition of the query itself,
 * so a page is full and a cursor or a count never crosses into another tenant). Read-only.
 */
@Repository
public class NotificationSearch {

    public static final int MAX_LIMIT = 500;

    private static final String COLUMNS = """
            SELECT n.id, n.first_event_at, n.channel, n.provider, n.tenant, n.source, n.status, n.attempts,
                   n.last_outcome, n.last_http_status, n.last_provider_code, n.delivered_at, n.dead_lettered_at,
                   n.replay_original_id, n.replays, n.last_replay_id,
                   CASE WHEN n.status = 'DEAD_LETTERED' THEN
                       (SELECT e.reason FROM audit.event e
                         WHERE e.notification_id = n.id AND e.kind = 'DEAD_LETTER'
                         ORDER BY e.occurred_at DESC LIMIT 1)
                   END AS dead_letter_reason
              FROM audit.notification n
            """;

    private final NamedParameterJdbcTemplate jdbc;

    public NotificationSearch(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One page of the notifications of the scope's tenants matching the filter, newest first, after the cursor (null:
     * from the newest).
     */
    @Transactional(readOnly = true)
    public SearchPage search(SearchFilter filter, TenantScope scope, String cursor, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidSearchException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        MapSqlParameterSource params = new MapSqlParameterSource();
        List<String> where = conditions(filter, scope, params);
        if (cursor != null && !cursor.isBlank()) {
            Cursor after = Cursor.decode(cursor);
            where.add("(n.first_event_at < :cursorAt OR (n.first_event_at = :cursorAt AND n.id > :cursorId))");
            params.addValue("cursorAt", timestamp(after.at())).addValue("cursorId", after.id());
        }
        params.addValue("limit", limit + 1);
        String sql = COLUMNS + whereClause(where) + " ORDER BY n.first_event_at DESC, n.id LIMIT :limit";
        List<NotificationSummary> rows = jdbc.query(sql, params, NotificationSearch::summary);
        if (rows.size() <= limit) {
            return new SearchPage(rows, null);
        }
        List<NotificationSummary> page = rows.subList(0, limit);
        NotificationSummary last = page.getLast();
        return new SearchPage(List.copyOf(page), new Cursor(last.at(), last.id()).encode());
    }

    /**
     * How many notifications of the scope's tenants whose first event is in [from, to) are in each status, provider and
     * channel.
     */
    @Transactional(readOnly = true)
    public Counts counts(Instant from, Instant to, TenantScope scope) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = whereClause(conditions(SearchFilter.NONE.withStatus(null).withRange(from, to), scope, params));
        Map<String, Map<String, Long>> byDimension = new LinkedHashMap<>();
        for (String dimension : List.of("status", "provider", "channel")) {
            byDimension.put(dimension, new LinkedHashMap<>());
        }
        String sql = "SELECT 'status' AS dimension, n.status AS value, count(*) AS total FROM audit.notification n"
                + where + " GROUP BY n.status"
                + " UNION ALL SELECT 'provider', coalesce(n.provider, '(none)'), count(*) FROM audit.notification n"
                + where + " GROUP BY n.provider"
                + " UNION ALL SELECT 'channel', coalesce(n.channel, '(none)'), count(*) FROM audit.notification n"
                + where + " GROUP BY n.channel"
                + " ORDER BY 1, 3 DESC, 2";
        jdbc.query(sql, params, rs -> {
            byDimension.get(rs.getString("dimension")).put(rs.getString("value"), rs.getLong("total"));
        });
        long total = byDimension.get("status").values().stream()
                .mapToLong(Long::longValue)
                .sum();
        return new Counts(
                from, to, total, byDimension.get("status"), byDimension.get("provider"), byDimension.get("channel"));
    }

    /** Counts per dimension value; a value absent from a map has no notification in the range. */
    public record Counts(
            Instant from,
            Instant to,
            long total,
            Map<String, Long> byStatus,
            Map<String, Long> byProvider,
            Map<String, Long> byChannel) {}

    private static List<String> conditions(SearchFilter f, TenantScope scope, MapSqlParameterSource params) {
        List<String> where = new ArrayList<>();
        String tenants = scope.condition("n.tenant", params);
        if (tenants != null) {
            where.add(tenants);
        }
        // status and outcome class as literals, not parameters: their indexes hold every value but DELIVERED (V6), and
        // only a planner that sees the value knows the index applies (a prepared statement's generic plan does not).
        // Both are enum names, never request text.
        if (f.status() != null) {
            where.add("n.status = '" + f.status().name() + "'");
        }
        add(where, params, "n.channel = :channel", "channel", f.channel());
        add(where, params, "n.provider = :provider", "provider", f.provider());
        add(where, params, "n.tenant = :tenant", "tenant", f.tenant());
        if (f.outcomeClass() != null) {
            where.add("n.last_outcome = '" + Outcome.valueOf(f.outcomeClass()).name() + "'");
        }
        add(where, params, "n.last_provider_code = :providerCode", "providerCode", f.providerCode());
        add(where, params, "n.first_event_at >= :from", "from", timestamp(f.from()));
        add(where, params, "n.first_event_at < :to", "to", timestamp(f.to()));
        return where;
    }

    private static void add(
            List<String> where, MapSqlParameterSource params, String condition, String name, Object value) {
        if (value != null) {
            where.add(condition);
            params.addValue(name, value);
        }
    }

    private static String whereClause(List<String> conditions) {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static NotificationSummary summary(ResultSet rs, int row) throws SQLException {
        return new NotificationSummary(
                rs.getString("id"),
                instant(rs, "first_event_at"),
                rs.getString("channel"),
                rs.getString("provider"),
                rs.getString("tenant"),
                rs.getString("source"),
                NotificationStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                rs.getString("last_outcome"),
                rs.getObject("last_http_status", Integer.class),
                rs.getString("last_provider_code"),
                instant(rs, "delivered_at"),
                instant(rs, "dead_lettered_at"),
                rs.getString("dead_letter_reason"),
                rs.getString("replay_original_id"),
                rs.getInt("replays"),
                rs.getString("last_replay_id"));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
