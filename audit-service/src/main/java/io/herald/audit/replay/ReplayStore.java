package io.herald.audit.replay;

import io.herald.audit.store.EventRecord;
import io.herald.audit.store.NotificationStatus;
import io.herald.audit.store.TenantScope;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What replay reads and writes in the audit database: the dead letter's stored content (locked while it is replayed, so
 * two concurrent requests cannot both replay it) and, once the broker acknowledged the replay, a REPLAYED event on the
 * original's timeline plus its replay count. Callers run these in one transaction.
 */
@Repository
class ReplayStore {

    private final NamedParameterJdbcTemplate jdbc;

    ReplayStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A notification as replay sees it; {@code traceId} is its trace, which the replay's names as its origin. */
    record Candidate(
            String id, NotificationStatus status, int replays, String acceptedNotificationJson, String traceId) {}

    /**
     * Reads the notification when it is of the scope's tenants (else none: another tenant's is not there for the
     * caller) and, when {@code lock}, holds its row until the transaction ends.
     */
    Optional<Candidate> find(String id, TenantScope scope, boolean lock) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", id);
        String tenants = scope.condition("tenant", params);
        String sql = "SELECT id, status, replays, accepted_notification::text AS content, trace_id"
                + " FROM audit.notification"
                + " WHERE id = :id" + (tenants == null ? "" : " AND " + tenants) + (lock ? " FOR UPDATE" : "");
        return jdbc
                .query(
                        sql,
                        params,
                        (rs, row) -> new Candidate(
                                rs.getString("id"),
                                NotificationStatus.valueOf(rs.getString("status")),
                                rs.getInt("replays"),
                                rs.getString("content"),
                                rs.getString("trace_id")))
                .stream()
                .findFirst();
    }

    void recordReplay(String originalId, int replayCount, String replayId, String requestedBy, Instant requestedAt) {
        EventRecord event = EventRecord.replayed(originalId, replayCount, requestedAt, replayId, requestedBy);
        jdbc.update(
                """
                INSERT INTO audit.event (notification_id, kind, attempt, occurred_at, replay_id, requested_by)
                VALUES (:id, 'REPLAYED', :count, :at, :replayId, :requestedBy)
                ON CONFLICT ON CONSTRAINT event_natural_key DO NOTHING
                """,
                new MapSqlParameterSource()
                        .addValue("id", event.notificationId())
                        .addValue("count", event.attempt())
                        .addValue("at", requestedAt.atOffset(ZoneOffset.UTC))
                        .addValue("replayId", replayId)
                        .addValue("requestedBy", requestedBy));
        jdbc.update(
                """
                UPDATE audit.notification
                   SET replays = GREATEST(replays, :count), last_replay_id = :replayId,
                       last_event_at = GREATEST(last_event_at, :at), updated_at = now()
                 WHERE id = :id
                """,
                new MapSqlParameterSource()
                        .addValue("id", originalId)
                        .addValue("count", replayCount)
                        .addValue("replayId", replayId)
                        .addValue("at", requestedAt.atOffset(ZoneOffset.UTC)));
    }
}
