package io.herald.ingest.idempotency;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The record of idempotency keys already accepted (table {@code ingest.idempotency_key} in PostgreSQL).
 *
 * <p>{@link #claim} must run inside the transaction that also publishes the accepted notification: the row
 * becomes visible to others only when that transaction commits, and a concurrent claim of the same key waits on
 * the row until then (PostgreSQL's {@code INSERT ... ON CONFLICT DO NOTHING} waits for the in-flight insert), then
 * either sees the committed row (a duplicate) or, after a rollback, takes the key itself.
 */
@Repository
public class IdempotencyLedger {

    private final JdbcClient jdbc;
    private final Clock clock;

    public IdempotencyLedger(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Takes {@code key} for {@code notificationId}.
     *
     * @return empty when the key was free and is now taken (until the transaction ends); otherwise the id of the
     *     notification that took it first
     */
    public Optional<String> claim(String key, String notificationId, String channel) {
        while (true) {
            int inserted = jdbc.sql("""
                            INSERT INTO ingest.idempotency_key (key, notification_id, channel, created_at)
                            VALUES (:key, :notificationId, :channel, :createdAt)
                            ON CONFLICT (key) DO NOTHING
                            """)
                    .param("key", key)
                    .param("notificationId", notificationId)
                    .param("channel", channel)
                    .param("createdAt", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .update();
            if (inserted == 1) {
                return Optional.empty();
            }
            Optional<String> original = jdbc.sql("SELECT notification_id FROM ingest.idempotency_key WHERE key = :key")
                    .param("key", key)
                    .query(String.class)
                    .optional();
            if (original.isPresent()) {
                return original;
            }
            // the row was purged between the two statements: try to take the key again
        }
    }

    /** Deletes keys taken before {@code cutoff}; returns how many. */
    public int purgeOlderThan(Instant cutoff) {
        return jdbc.sql("DELETE FROM ingest.idempotency_key WHERE created_at < :cutoff")
                .param("cutoff", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                .update();
    }
}
