package io.herald.ingest.idempotency;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
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
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.stereotype.Repository;

/**
 * The record of idempotency keys already accepted (table {@code ingest.idempotency_key} in PostgreSQL), each with the
 * fingerprint of the request that took it, so a later request with the same key can be told apart as a repeat (same
 * fingerprint) or a conflict (another request under a used key).
 *
 * <p>{@link #claim} must run inside the transaction that also publishes the accepted notification: the row
 * becomes visible to others only when that transaction commits, and a concurrent claim of the same key waits on
 * the row until then (PostgreSQL's {@code INSERT ... ON CONFLICT DO NOTHING} waits for the in-flight insert), then
 * either sees the committed row (a duplicate) or, after a rollback, takes the key itself.
 */
@Repository
public class IdempotencyLedger {

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final Clock clock;

    public IdempotencyLedger(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    /**
     * The notification that took a key first, and the fingerprint of its request ({@code null} for keys taken before
     * fingerprints were kept).
     */
    public record Holder(String notificationId, String fingerprint) {

        /** True when {@code requestFingerprint} is the request that took the key (or that cannot be told). */
        public boolean sameRequest(String requestFingerprint) {
            return fingerprint == null || fingerprint.equals(requestFingerprint);
        }
    }

    /**
     * Bounds every wait of this transaction's statements on the database (a frozen or unreachable PostgreSQL) to
     * {@code timeout}; the pool restores the connection's own timeout when the transaction gives it back. Must be
     * called inside a transaction.
     */
    public void limitWaits(Duration timeout) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (SQLException e) {
            throw new SQLExceptionSubclassTranslator().translate("set the network timeout", null, e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * Takes {@code key} for {@code notificationId}, whose request has {@code fingerprint}.
     *
     * @return empty when the key was free and is now taken (until the transaction ends); otherwise the notification
     *     that took it first, with its request's fingerprint
     */
    public Optional<Holder> claim(String key, String notificationId, String channel, String fingerprint) {
        while (true) {
            int inserted = jdbc.sql("""
                            INSERT INTO ingest.idempotency_key (key, notification_id, channel, created_at, request_fingerprint)
                            VALUES (:key, :notificationId, :channel, :createdAt, :fingerprint)
                            ON CONFLICT (key) DO NOTHING
                            """)
                    .param("key", key)
                    .param("notificationId", notificationId)
                    .param("channel", channel)
                    .param("createdAt", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .param("fingerprint", fingerprint)
                    .update();
            if (inserted == 1) {
                return Optional.empty();
            }
            Optional<Holder> original = jdbc.sql("""
                            SELECT notification_id, request_fingerprint FROM ingest.idempotency_key WHERE key = :key
                            """)
                    .param("key", key)
                    .query((row, i) -> new Holder(row.getString(1), row.getString(2)))
                    .optional();
            if (original.isPresent()) {
                return original;
            }
            // the row was purged between the two statements: try to take the key again
        }
    }

    /** A key to take for a notification whose request has {@code fingerprint}. */
    public record Claim(String key, String notificationId, String channel, String fingerprint) {}

    /**
     * Takes every key in {@code claims} that is free, in one statement (one round trip for a poll of requests),
     * in key order so that two transactions claiming overlapping keys wait on each other instead of deadlocking.
     * Each key must appear once.
     *
     * @return for each key: empty when it was free and is now taken (until the transaction ends); otherwise the
     *     notification that took it first, with its request's fingerprint
     */
    public Map<String, Optional<Holder>> claimAll(Collection<Claim> claims) {
        Map<String, Optional<Holder>> result = new HashMap<>();
        List<Claim> pending = new ArrayList<>(claims);
        pending.sort(Comparator.comparing(Claim::key));
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        while (!pending.isEmpty()) {
            StringBuilder sql = new StringBuilder(
                    "INSERT INTO ingest.idempotency_key (key, notification_id, channel, created_at, request_fingerprint) VALUES ");
            List<Object> params = new ArrayList<>(pending.size() * 5);
            for (Claim claim : pending) {
                sql.append(params.isEmpty() ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)");
                params.add(claim.key());
                params.add(claim.notificationId());
                params.add(claim.channel());
                params.add(now);
                params.add(claim.fingerprint());
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
            jdbc.sql("SELECT key, notification_id, request_fingerprint FROM ingest.idempotency_key WHERE key IN (:keys)")
                    .param("keys", held)
                    .query((row, i) -> Map.entry(row.getString(1), new Holder(row.getString(2), row.getString(3))))
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

    /** Keys deleted per statement, so each statement stays short (the driver's socketTimeout bounds every one). */
    static final int PURGE_BATCH = 10_000;

    /** Deletes keys taken before {@code cutoff}, {@link #PURGE_BATCH} at a time; returns how many. */
    public int purgeOlderThan(Instant cutoff) {
        int purged = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                            DELETE FROM ingest.idempotency_key WHERE key IN (
                                SELECT key FROM ingest.idempotency_key WHERE created_at < :cutoff LIMIT :batch)
                            """)
                    .param("cutoff", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                    .param("batch", PURGE_BATCH)
                    .update();
            purged += deleted;
        } while (deleted == PURGE_BATCH);
        return purged;
    }
}
