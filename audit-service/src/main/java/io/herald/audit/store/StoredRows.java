package io.herald.audit.store;

import io.herald.audit.store.EventRecord.Origin;
import io.herald.audit.store.NotificationChange.ReplayLineage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.RowMapper;

/**
 * The audit's read statements for one notification, and how their rows of {@code audit.notification} and
 * {@code audit.event} become records.
 */
final class StoredRows {

    static final String SELECT_NOTIFICATION = """
            SELECT id, channel, provider, tenant, idempotency_key, source, status, accepted_at, rejected_at,
                   delivered_at, dead_lettered_at, attempts, last_outcome, last_http_status, last_provider_code,
                   replay_original_id, replay_count, replay_requested_by, replay_requested_at, first_event_at,
                   last_event_at, updated_at, replays, last_replay_id, trace_id
              FROM audit.notification
             WHERE id = :id
            """;

    static final String SELECT_EVENTS = """
            SELECT id, notification_id, kind, attempt, occurred_at, signed_at, outcome, http_status, provider_code,
                   provider_message, error, latency_ms, dispatcher, response_date, source, reason, violations::text,
                   raw_payload_bytes, raw_payload_preview, origin_topic, origin_partition, origin_offset, replay_id,
                   requested_by, not_sent_cause, paced_ms, channel, rerouted_to, explanation_text,
                   explanation_cause, explanation_docs, waiting_behind
              FROM audit.event
             WHERE notification_id = :id
             ORDER BY occurred_at, id
            """;

    private StoredRows() {}

    static NotificationRecord notification(ResultSet rs, int row) throws SQLException {
        String replayOriginalId = rs.getString("replay_original_id");
        ReplayLineage replay = replayOriginalId == null
                ? null
                : new ReplayLineage(
                        replayOriginalId,
                        rs.getInt("replay_count"),
                        rs.getString("replay_requested_by"),
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
                rs.getString("last_replay_id"),
                rs.getString("trace_id"));
    }

    static final RowMapper<EventRecord> EVENT = (rs, row) -> {
        String originTopic = rs.getString("origin_topic");
        Origin origin = originTopic == null
                ? null
                : new Origin(originTopic, rs.getInt("origin_partition"), rs.getLong("origin_offset"));
        String violations = rs.getString("violations");
        EventKind kind = EventKind.valueOf(rs.getString("kind"));
        return new EventRecord(
                rs.getLong("id"),
                rs.getString("notification_id"),
                kind,
                rs.getInt("attempt"),
                instant(rs, "occurred_at"),
                rs.getString("outcome"),
                rs.getString("source"),
                rs.getString("reason"),
                ViolationsJson.read(violations),
                rs.getObject("raw_payload_bytes", Integer.class),
                rs.getString("raw_payload_preview"),
                origin,
                rs.getString("replay_id"),
                rs.getString("requested_by"),
                kind == EventKind.ATTEMPT ? attemptFacts(rs) : null);
    };

    private static EventRecord.AttemptFacts attemptFacts(ResultSet rs) throws SQLException {
        return new EventRecord.AttemptFacts(
                instant(rs, "signed_at"),
                rs.getObject("http_status", Integer.class),
                rs.getString("provider_code"),
                rs.getString("provider_message"),
                rs.getString("error"),
                rs.getObject("latency_ms", Long.class),
                rs.getString("dispatcher"),
                instant(rs, "response_date"),
                rs.getString("not_sent_cause"),
                rs.getObject("paced_ms", Long.class),
                rs.getString("channel"),
                rs.getString("rerouted_to"),
                explanation(rs),
                rs.getString("waiting_behind"));
    }

    private static EventRecord.Explanation explanation(ResultSet rs) throws SQLException {
        String text = rs.getString("explanation_text");
        return text == null
                ? null
                : new EventRecord.Explanation(
                        text, rs.getString("explanation_cause"), rs.getString("explanation_docs"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
