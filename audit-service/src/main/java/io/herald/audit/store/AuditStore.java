package io.herald.audit.store;

import io.herald.audit.store.EventRecord.Origin;
import io.herald.audit.store.EventRecord.Violation;
import io.herald.audit.store.NotificationChange.LastAttempt;
import io.herald.audit.store.NotificationChange.ReplayLineage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit database (schema {@code audit}, see {@code db/migration}): writes events into {@code audit.event} and merges
 * what they say into {@code audit.notification}; reads both back for the query API.
 *
 * <p>Recording is idempotent and order-independent. An event whose natural key (notification, kind, attempt, time) is
 * already stored changes nothing, so a re-consumed record is harmless. Otherwise the notification row is upserted: first
 * values win for identity fields, the earliest time wins for {@code *_at} facts, the highest attempt number wins, the
 * latest attempt (number, then start) gives the {@code last_*} columns, and the status only moves to a higher
 * {@link NotificationStatus#rank()} — so the row ends the same whichever topic is read first. Each event is one
 * transaction with its notification change.
 */
@Repository
public class AuditStore {

    /** Longest text kept in a column; provider messages and transport errors can be arbitrarily long. */
    static final int MAX_TEXT = 4000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Violation>> VIOLATIONS = new TypeReference<>() {};

    // The two write statements bind their parameters by position, in the order of their column lists (see bindEvent
    // and bindNotification): named parameters cost the consumer more than the rest of a batch (a map lookup and a type
    // guess per value, ~45 % of the audit's CPU at the maximum rate).
    private static final String INSERT_EVENT = """
            INSERT INTO audit.event (notification_id, kind, attempt, occurred_at, signed_at, outcome, http_status,
                provider_code, provider_message, error, latency_ms, dispatcher, response_date, source, reason, violations,
                raw_payload_bytes, raw_payload_preview, origin_topic, origin_partition, origin_offset, replay_id,
                requested_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT ON CONSTRAINT event_natural_key DO NOTHING
            """;

    // The attempt an event reports becomes the notification's last one only when it is later (attempt number, then
    // start) than the stored one. Part of the upsert, which holds the row's lock: concurrent attempts of one
    // notification cannot leave an older one last, and the row gets one new version per event instead of two.
    private static final String LATER_ATTEMPT = """
            (EXCLUDED.last_attempt_at IS NOT NULL AND (n.last_attempt_at IS NULL
                OR (n.last_attempt, n.last_attempt_at) < (EXCLUDED.last_attempt, EXCLUDED.last_attempt_at)))""";

    // Whose notification it is (its tenant, which decides who may see it) is what ingest accepted, not what a rejected
    // request claimed: ids may be chosen by the caller, so another tenant's invalid request can reuse one. The first
    // event of the pipeline (accepted, attempt, dead letter) after only rejections sets the tenant; order-independent.
    private static final String PIPELINE_AFTER_REJECTIONS = "n.status = 'REJECTED' AND EXCLUDED.status <> 'REJECTED'";

    private static final String UPSERT_NOTIFICATION = """
            INSERT INTO audit.notification AS n (id, channel, provider, tenant, idempotency_key, source, status,
                status_rank, accepted_at, rejected_at, delivered_at, dead_lettered_at, attempts, replay_original_id,
                replay_count, replay_requested_by, replay_requested_at, accepted_notification, first_event_at,
                last_event_at, last_attempt, last_attempt_at, last_outcome, last_http_status, last_provider_code)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS json), ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                channel = COALESCE(n.channel, EXCLUDED.channel),
                provider = COALESCE(n.provider, EXCLUDED.provider),
                tenant = CASE WHEN %2$s THEN COALESCE(EXCLUDED.tenant, n.tenant)
                    ELSE COALESCE(n.tenant, EXCLUDED.tenant) END,
                idempotency_key = COALESCE(n.idempotency_key, EXCLUDED.idempotency_key),
                source = COALESCE(n.source, EXCLUDED.source),
                status = CASE WHEN EXCLUDED.status_rank > n.status_rank THEN EXCLUDED.status ELSE n.status END,
                status_rank = GREATEST(n.status_rank, EXCLUDED.status_rank),
                accepted_at = LEAST(n.accepted_at, EXCLUDED.accepted_at),
                rejected_at = LEAST(n.rejected_at, EXCLUDED.rejected_at),
                delivered_at = LEAST(n.delivered_at, EXCLUDED.delivered_at),
                dead_lettered_at = LEAST(n.dead_lettered_at, EXCLUDED.dead_lettered_at),
                attempts = GREATEST(n.attempts, EXCLUDED.attempts),
                replay_original_id = COALESCE(n.replay_original_id, EXCLUDED.replay_original_id),
                replay_count = COALESCE(n.replay_count, EXCLUDED.replay_count),
                replay_requested_by = COALESCE(n.replay_requested_by, EXCLUDED.replay_requested_by),
                replay_requested_at = COALESCE(n.replay_requested_at, EXCLUDED.replay_requested_at),
                accepted_notification = COALESCE(n.accepted_notification, EXCLUDED.accepted_notification),
                first_event_at = LEAST(n.first_event_at, EXCLUDED.first_event_at),
                last_event_at = GREATEST(n.last_event_at, EXCLUDED.last_event_at),
                last_attempt = CASE WHEN %1$s THEN EXCLUDED.last_attempt ELSE n.last_attempt END,
                last_attempt_at = CASE WHEN %1$s THEN EXCLUDED.last_attempt_at ELSE n.last_attempt_at END,
                last_outcome = CASE WHEN %1$s THEN EXCLUDED.last_outcome ELSE n.last_outcome END,
                last_http_status = CASE WHEN %1$s THEN EXCLUDED.last_http_status ELSE n.last_http_status END,
                last_provider_code = CASE WHEN %1$s THEN EXCLUDED.last_provider_code ELSE n.last_provider_code END,
                updated_at = now()
            """.formatted(LATER_ATTEMPT, PIPELINE_AFTER_REJECTIONS);

    private static final String SELECT_NOTIFICATION = """
            SELECT id, channel, provider, tenant, idempotency_key, source, status, accepted_at, rejected_at,
                   delivered_at, dead_lettered_at, attempts, last_outcome, last_http_status, last_provider_code,
                   replay_original_id, replay_count, replay_requested_by, replay_requested_at, first_event_at,
                   last_event_at, updated_at, replays, last_replay_id
              FROM audit.notification
             WHERE id = :id
            """;

    private static final String SELECT_EVENTS = """
            SELECT id, notification_id, kind, attempt, occurred_at, signed_at, outcome, http_status, provider_code,
                   provider_message, error, latency_ms, dispatcher, response_date, source, reason, violations::text,
                   raw_payload_bytes, raw_payload_preview, origin_topic, origin_partition, origin_offset, replay_id,
                   requested_by
              FROM audit.event
             WHERE notification_id = :id
             ORDER BY occurred_at, id
            """;

    private final NamedParameterJdbcTemplate jdbc;

    public AuditStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records one event and its notification change.
     *
     * @return false when the event was already stored (a re-consumed record): nothing was changed
     */
    @Transactional
    public boolean record(AuditEvent event) {
        if (jdbc.getJdbcOperations().update(INSERT_EVENT, ps -> bindEvent(ps, event.event())) == 0) {
            return false;
        }
        jdbc.getJdbcOperations().update(UPSERT_NOTIFICATION, ps -> bindNotification(ps, event.notification()));
        return true;
    }

    /**
     * Records events in one transaction with JDBC batches (the consumer's batch path): one batch inserts the events,
     * skipping those already stored, then one batch merges what the new ones say into their notifications (sorted by
     * notification id, keeping the given order within one notification).
     *
     * @return how many were new
     */
    @Transactional
    public int recordAll(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        int[] inserted = batch(INSERT_EVENT, events, (ps, e) -> bindEvent(ps, e.event()));
        List<NotificationChange> changes = new java.util.ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            // pgjdbc reports the real row count per statement (0 = ON CONFLICT DO NOTHING hit: already stored)
            if (inserted[i] != 0) {
                changes.add(events.get(i).notification());
            }
        }
        if (changes.isEmpty()) {
            return 0;
        }
        // one lock order for every batch (the four listeners write concurrently): fewer deadlocks; the merge rules do not
        // depend on the order events are applied in
        changes.sort(java.util.Comparator.comparing(NotificationChange::id));
        batch(UPSERT_NOTIFICATION, changes, AuditStore::bindNotification);
        return changes.size();
    }

    /** Binds one row's parameters to a statement. */
    private interface Binder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    /** One JDBC batch of {@code sql} over {@code rows}; the row counts in row order. */
    private <T> int[] batch(String sql, List<T> rows, Binder<T> binder) {
        return jdbc.getJdbcOperations().batchUpdate(sql, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                binder.bind(ps, rows.get(i));
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
    }

    @Transactional(readOnly = true)
    public Optional<NotificationRecord> findNotification(String id) {
        return jdbc.query(SELECT_NOTIFICATION, new MapSqlParameterSource("id", id), AuditStore::notification).stream()
                .findFirst();
    }

    /** The current status of each of these notifications that audit knows. */
    @Transactional(readOnly = true)
    public java.util.Map<String, NotificationStatus> statuses(java.util.Collection<String> ids) {
        java.util.Map<String, NotificationStatus> statuses = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.query("SELECT id, status FROM audit.notification WHERE id IN (:ids)",
                    new MapSqlParameterSource("ids", ids),
                    rs -> {
                        statuses.put(rs.getString("id"), NotificationStatus.valueOf(rs.getString("status")));
                    });
        }
        return statuses;
    }

    /** The notification's events, oldest first (ties in insertion order). */
    @Transactional(readOnly = true)
    public List<EventRecord> events(String notificationId) {
        return jdbc.query(SELECT_EVENTS, new MapSqlParameterSource("id", notificationId), EVENT);
    }

    /** The accepted notification kept for replay (Avro JSON encoding); present once the notification is dead-lettered. */
    @Transactional(readOnly = true)
    public Optional<String> acceptedNotificationJson(String id) {
        return jdbc.queryForList("SELECT accepted_notification::text FROM audit.notification WHERE id = :id",
                        new MapSqlParameterSource("id", id), String.class)
                .stream()
                .filter(Objects::nonNull)
                .findFirst();
    }

    /** INSERT_EVENT's parameters, in its column order. */
    private static void bindEvent(PreparedStatement ps, EventRecord e) throws SQLException {
        Origin origin = e.origin();
        Parameters p = new Parameters(ps);
        p.text(text(e.notificationId()));
        p.text(e.kind().name());
        p.integer(e.attempt());
        p.time(e.occurredAt());
        p.time(e.signedAt());
        p.text(e.outcome());
        p.integer(e.httpStatus());
        p.text(text(e.providerCode()));
        p.text(text(e.providerMessage()));
        p.text(text(e.error()));
        p.bigint(e.latencyMs());
        p.text(text(e.dispatcher()));
        p.time(e.responseDate());
        p.text(e.source());
        p.text(text(e.reason()));
        p.text(violationsJson(e.violations()));
        p.integer(e.rawPayloadBytes());
        p.text(e.rawPayloadPreview());
        p.text(origin == null ? null : text(origin.topic()));
        p.integer(origin == null ? null : origin.partition());
        p.bigint(origin == null ? null : origin.offset());
        p.text(text(e.replayId()));
        p.text(text(e.requestedBy()));
    }

    /** UPSERT_NOTIFICATION's parameters, in its column order. */
    private static void bindNotification(PreparedStatement ps, NotificationChange c) throws SQLException {
        ReplayLineage replay = c.replay();
        LastAttempt last = c.lastAttempt();
        Parameters p = new Parameters(ps);
        p.text(text(c.id()));
        p.text(text(c.channel()));
        p.text(text(c.provider()));
        p.text(text(c.tenant()));
        p.text(text(c.idempotencyKey()));
        p.text(c.source());
        p.text(c.status().name());
        p.integer(c.status().rank());
        p.time(c.acceptedAt());
        p.time(c.rejectedAt());
        p.time(c.deliveredAt());
        p.time(c.deadLetteredAt());
        p.integer(c.attempts());
        p.text(replay == null ? null : text(replay.originalId()));
        p.integer(replay == null ? null : replay.replayCount());
        p.text(replay == null ? null : text(replay.requestedBy()));
        p.time(replay == null ? null : replay.requestedAt());
        p.text(c.acceptedNotificationJson());
        // an event that reports when the notification was accepted or rejected also dates its start
        p.time(Stream.of(c.eventAt(), c.acceptedAt(), c.rejectedAt())
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElseThrow());
        p.time(c.eventAt());
        p.integer(last == null ? null : last.attempt());
        p.time(last == null ? null : last.startedAt());
        p.text(last == null ? null : last.outcome());
        p.integer(last == null ? null : last.httpStatus());
        p.text(last == null ? null : text(last.providerCode()));
    }

    /** Sets a statement's parameters one after another, each with its SQL type (so a null needs no type lookup). */
    private static final class Parameters {

        private final PreparedStatement ps;
        private int next = 1;

        Parameters(PreparedStatement ps) {
            this.ps = ps;
        }

        void text(String value) throws SQLException {
            ps.setString(next++, value);
        }

        void integer(Integer value) throws SQLException {
            if (value == null) {
                ps.setNull(next++, Types.INTEGER);
            } else {
                ps.setInt(next++, value);
            }
        }

        void bigint(Long value) throws SQLException {
            if (value == null) {
                ps.setNull(next++, Types.BIGINT);
            } else {
                ps.setLong(next++, value);
            }
        }

        void time(Instant value) throws SQLException {
            if (value == null) {
                ps.setNull(next++, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setObject(next++, value.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            }
        }
    }

    static NotificationRecord notification(ResultSet rs, int row) throws SQLException {
        String replayOriginalId = rs.getString("replay_original_id");
        ReplayLineage replay = replayOriginalId == null
                ? null
                : new ReplayLineage(replayOriginalId, rs.getInt("replay_count"), rs.getString("replay_requested_by"),
                        instant(rs, "replay_requested_at"));
        return new NotificationRecord(
                rs.getString("id"),
                rs.getString("channel"),
                rs.getString("provider"),
                rs.getString("tenant"),
                rs.getString("idempotency_key"),
                rs.getString("source"),
                NotificationStatus.valueOf(rs.getString("status")),
                instant(rs, "accepted_at"),
                instant(rs, "rejected_at"),
                instant(rs, "delivered_at"),
                instant(rs, "dead_lettered_at"),
                rs.getInt("attempts"),
                rs.getString("last_outcome"),
                rs.getObject("last_http_status", Integer.class),
                rs.getString("last_provider_code"),
                replay,
                instant(rs, "first_event_at"),
                instant(rs, "last_event_at"),
                instant(rs, "updated_at"),
                rs.getInt("replays"),
                rs.getString("last_replay_id"));
    }

    private static final RowMapper<EventRecord> EVENT = (rs, row) -> {
        String originTopic = rs.getString("origin_topic");
        Origin origin = originTopic == null
                ? null
                : new Origin(originTopic, rs.getInt("origin_partition"), rs.getLong("origin_offset"));
        String violations = rs.getString("violations");
        return new EventRecord(
                rs.getLong("id"),
                rs.getString("notification_id"),
                EventKind.valueOf(rs.getString("kind")),
                rs.getInt("attempt"),
                instant(rs, "occurred_at"),
                instant(rs, "signed_at"),
                rs.getString("outcome"),
                rs.getObject("http_status", Integer.class),
                rs.getString("provider_code"),
                rs.getString("provider_message"),
                rs.getString("error"),
                rs.getObject("latency_ms", Long.class),
                rs.getString("dispatcher"),
                instant(rs, "response_date"),
                rs.getString("source"),
                rs.getString("reason"),
                violations == null ? null : JSON.readValue(violations, VIOLATIONS),
                rs.getObject("raw_payload_bytes", Integer.class),
                rs.getString("raw_payload_preview"),
                origin,
                rs.getString("replay_id"),
                rs.getString("requested_by"));
    };

    private static String violationsJson(List<Violation> violations) {
        if (violations == null) {
            return null;
        }
        return JSON.writeValueAsString(violations.stream()
                .map(v -> new Violation(text(v.field()), text(v.code()), text(v.message())))
                .toList());
    }

    /**
     * PostgreSQL text (and jsonb) cannot hold U+0000, and free text from providers has no length limit: drop the one and
     * cut the other, so a strange provider answer cannot make an event unstorable.
     */
    static String text(String value) {
        if (value == null) {
            return null;
        }
        String clean = value.indexOf('\0') < 0 ? value : value.replace("\0", "");
        return clean.length() <= MAX_TEXT ? clean : clean.substring(0, MAX_TEXT - 1) + "…";
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
