package io.herald.ingest.idempotency;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** A key to take for a notification. */
    public record Claim(String key, String notificationId, String channel) {}

    /**
     * Takes every key in {@code claims} that is free, in one statement (one round trip for a poll of requests),
     * in key order so that two transactions claiming overlapping keys wait on each other instead of deadlocking.
     * Each key must appear once.
     *
     * @return for each key: empty when it was free and is now taken (until the transaction ends); otherwise the id
     *     of the notification that took it first
     */
    public Map<String, Optional<String>> claimAll(Collection<Claim> claims) {
        Map<String, Optional<String>> result = new HashMap<>();
        List<Claim> pending = new ArrayList<>(claims);
        pending.sort(Comparator.comparing(Claim::key));
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        while (!pending.isEmpty()) {
            StringBuilder sql = new StringBuilder(
                    "INSERT INTO ingest.idempotency_key (key, notification_id, channel, created_at) VALUES ");
            List<Object> params = new ArrayList<>(pending.size() * 4);
            for (Claim claim : pending) {
                sql.append(params.isEmpty() ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
                params.addAll(List.of(claim.key(), claim.notificationId(), claim.channel(), now));
            }
            sql.append(" ON CONFLICT (key) DO NOTHING RETURNING key");
            Set<String> taken = new HashSet<>(jdbc.sql(sql.toString()).params(params).query(String.class).list());
            List<String> held = new ArrayList<>();
            for (Claim claim : pending) {
                if (taken.contains(claim.key())) {
                    result.put(claim.key(), Optional.empty());
                } else {
                    held.add(claim.key());
                }
            }
            if (held.isEmpty()) {
                break;
            }
            jdbc.sql("SELECT key, notification_id FROM ingest.idempotency_key WHERE key IN (:keys)")
                    .param("keys", held)
                    .query((row, i) -> Map.entry(row.getString(1), row.getString(2)))
                    .list()
                    .forEach(original -> result.put(original.getKey(), Optional.of(original.getValue())));
            // rows purged between the two statements: try to take those keys again
            pending.removeIf(claim -> result.containsKey(claim.key()));
        }
        return result;
    }

    /** Gives back keys this transaction took (their notifications were not written after all). */
    public void release(Collection<String> keys) {
        if (!keys.isEmpty()) {
            jdbc.sql("DELETE FROM ingest.idempotency_key WHERE key IN (:keys)").param("keys", keys).update();
        }
    }

    /** Deletes keys taken before {@code cutoff}; returns how many. */
    public int purgeOlderThan(Instant cutoff) {
        return jdbc.sql("DELETE FROM ingest.idempotency_key WHERE created_at < :cutoff")
                .param("cutoff", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                .update();
    }
}
