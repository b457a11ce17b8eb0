package io.herald.audit.store;

import static io.herald.audit.store.WriteStatements.INSERT_EVENT;
import static io.herald.audit.store.WriteStatements.UPSERT_NOTIFICATION;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit database (schema {@code audit}, see {@code db/migration}): writes events into {@code audit.event} and
 * merges what they say into {@code audit.notification}; reads both back for the query API. Recording is idempotent and
 * order-independent: an event already stored (same notification, kind, attempt and time) changes nothing, and the
 * upsert ({@link WriteStatements}) keeps first values, earliest times, the latest attempt and the highest
 * {@link NotificationStatus#rank()}, so the row ends the same whichever topic is read first.
 */
@Repository
public class AuditStore {

    /** Longest text kept in a column; provider messages and transport errors can be arbitrarily long. */
    static final int MAX_TEXT = 4000;

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
        if (jdbc.getJdbcOperations().update(INSERT_EVENT, ps -> WriteStatements.bindEvent(ps, event.event())) == 0) {
            return false;
        }
        jdbc.getJdbcOperations().update(UPSERT_NOTIFICATION, ps -> WriteStatements.bindNotification(ps, event));
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
        int[] inserted = batch(INSERT_EVENT, events, (ps, e) -> WriteStatements.bindEvent(ps, e.event()));
        List<AuditEvent> changes = new java.util.ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            // pgjdbc reports the real row count per statement (0 = ON CONFLICT DO NOTHING hit: already stored)
            if (inserted[i] != 0) {
                changes.add(events.get(i));
            }
        }
        if (changes.isEmpty()) {
            return 0;
        }
        // one lock order for every batch (the four listeners write concurrently): fewer deadlocks; the merge rules do
        // not
        // depend on the order events are applied in
        changes.sort(
                java.util.Comparator.comparing(change -> change.notification().id()));
        batch(UPSERT_NOTIFICATION, changes, WriteStatements::bindNotification);
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
        return jdbc
                .query(StoredRows.SELECT_NOTIFICATION, new MapSqlParameterSource("id", id), StoredRows::notification)
                .stream()
                .findFirst();
    }

    /** The current status of each of these notifications that audit knows. */
    @Transactional(readOnly = true)
    public java.util.Map<String, NotificationStatus> statuses(java.util.Collection<String> ids) {
        java.util.Map<String, NotificationStatus> statuses = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.query(
                    "SELECT id, status FROM audit.notification WHERE id IN (:ids)",
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
        return jdbc.query(StoredRows.SELECT_EVENTS, new MapSqlParameterSource("id", notificationId), StoredRows.EVENT);
    }

    /** The accepted notification kept for replay (Avro JSON encoding); present once the notification is dead-lettered. */
    @Transactional(readOnly = true)
    public Optional<String> acceptedNotificationJson(String id) {
        return jdbc
                .queryForList(
                        "SELECT accepted_notification::text FROM audit.notification WHERE id = :id",
                        new MapSqlParameterSource("id", id),
                        String.class)
                .stream()
                .filter(Objects::nonNull)
                .findFirst();
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
}
