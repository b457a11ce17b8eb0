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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.stereotype.Repository;

/**
 * Idempotency keys already taken (table {@code ingest.idempotency_key}), each with the fingerprint of the request that
 * took it: a later use of the key is a repeat (same fingerprint) or a conflict. {@link #claim} must run in the
 * transaction that publishes the accepted notification: a concurrent claim of the same key waits on the uncommitted row
 * ({@code INSERT ... ON CONFLICT DO NOTHING}), then sees it committed (a duplicate) or takes the key after a rollback.
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
     * A de-duplication key and the scope it is unique in.
     *
     * @param scope the request's tenant for an Idempotency-Key ({@code ""}: no tenant), or
     *     {@value #NOTIFICATION_ID_SCOPE} for a caller's notification id used as the key
     * @param value the key itself
     */
    public record Key(String scope, String value) {

        /** A notification id names one notification in the whole pipeline, whatever its tenant. */
        static final String NOTIFICATION_ID_SCOPE = "#notification-id";

        static final Comparator<Key> ORDER = Comparator.comparing(Key::scope).thenComparing(Key::value);

        /** An Idempotency-Key of a request of {@code tenant} (null: without tenant). */
        public static Key idempotencyKey(String tenant, String key) {
            return new Key(tenant == null ? "" : tenant, key);
        }

        /** A caller's notification id, the key of a request without Idempotency-Key: one scope for every tenant. */
        public static Key notificationId(String notificationId) {
            return new Key(NOTIFICATION_ID_SCOPE, notificationId);
        }
    }

    /** The notification that took a key first, and the fingerprint of its request. */
    public record Holder(String notificationId, String fingerprint) {

        /** True when {@code requestFingerprint} is the request that took the key. */
        public boolean sameRequest(String requestFingerprint) {
            return Objects.equals(fingerprint, requestFingerprint);
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
    public Optional<Holder> claim(Key key, String notificationId, String channel, String fingerprint) {
        // a row from before keys had scopes (scope NULL, V3__idempotency_scope.sql) holds its key only for a repeat
        // of its own request (the fingerprint includes the tenant), never against another tenant's, until purged
        while (true) {
            int inserted = jdbc.sql("""
                            INSERT INTO ingest.idempotency_key
                                (scope, key, notification_id, channel, created_at, request_fingerprint)
                            SELECT :scope, :key, :notificationId, :channel, CAST(:createdAt AS timestamptz),
                                   CAST(:fingerprint AS text)
                            WHERE NOT EXISTS (SELECT 1 FROM ingest.idempotency_key
                                              WHERE scope IS NULL AND key = :key AND request_fingerprint = :fingerprint)
                            ON CONFLICT (scope, key) DO NOTHING
                            """)
                    .param("scope", key.scope())
                    .param("key", key.value())
                    .param("notificationId", notificationId)
                    .param("channel", channel)
                    .param("createdAt", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .param("fingerprint", fingerprint)
                    .update();
            if (inserted == 1) {
                return Optional.empty();
            }
            Optional<Holder> original = jdbc.sql("""
                            SELECT notification_id, request_fingerprint FROM ingest.idempotency_key
                            WHERE key = :key AND (scope = :scope OR (scope IS NULL AND request_fingerprint = :fingerprint))
                            ORDER BY scope NULLS LAST LIMIT 1
                            """)
                    .param("scope", key.scope())
                    .param("key", key.value())
                    .param("fingerprint", fingerprint)
                    .query((row, i) -> new Holder(row.getString(1), row.getString(2)))
                    .optional();
            if (original.isPresent()) {
                return original;
            }
            // the row was purged between the two statements: try to take the key again
        }
    }

    /** A key to take for a notification whose request has {@code fingerprint}. */
    public record Claim(Key key, String notificationId, String channel, String fingerprint) {}

    /**
     * Takes every key in {@code claims} that is free, in one statement (one round trip for a poll of requests),
     * in key order so that two transactions claiming overlapping keys wait on each other instead of deadlocking.
     * Each key must appear once.
     *
     * @return for each key: empty when it was free and is now taken (until the transaction ends); otherwise the
     *     notification that took it first, with its request's fingerprint
     */
    public Map<Key, Optional<Holder>> claimAll(Collection<Claim> claims) {
        Map<Key, Optional<Holder>> result = new HashMap<>();
        List<Claim> pending = new ArrayList<>(claims);
        pending.sort(Comparator.comparing(Claim::key, Key.ORDER));
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        while (!pending.isEmpty()) {
            StringBuilder values = new StringBuilder();
            List<Object> params = new ArrayList<>(pending.size() * 6);
            for (Claim claim : pending) {
                values.append(params.isEmpty() ? "" : ", ")
                        .append("(?, ?, ?, ?, CAST(? AS timestamptz), CAST(? AS text))");
                params.add(claim.key().scope());
                params.add(claim.key().value());
                params.add(claim.notificationId());
                params.add(claim.channel());
                params.add(now);
                params.add(claim.fingerprint());
            }
            String sql = """
                    INSERT INTO ingest.idempotency_key (scope, key, notification_id, channel, created_at, request_fingerprint)
                    SELECT v.scope, v.key, v.notification_id, v.channel, v.created_at, v.fingerprint
                    FROM (VALUES %s) AS v (scope, key, notification_id, channel, created_at, fingerprint)
                    WHERE NOT EXISTS (SELECT 1 FROM ingest.idempotency_key l
                                      WHERE l.scope IS NULL AND l.key = v.key AND l.request_fingerprint = v.fingerprint)
                    ON CONFLICT (scope, key) DO NOTHING
                    RETURNING scope, key
                    """.formatted(values);
            Set<Key> taken = new HashSet<>(jdbc.sql(sql)
                    .params(params)
                    .query((row, i) -> new Key(row.getString(1), row.getString(2)))
                    .list());
            List<Claim> held = new ArrayList<>();
            for (Claim claim : pending) {
                if (taken.contains(claim.key())) {
                    result.put(claim.key(), Optional.empty());
                } else {
                    held.add(claim);
                }
            }
            if (held.isEmpty()) {
                break;
            }
            // every row of these keys, whatever its scope; only a claim's own scope (or its own request's row taken
            // before scopes) answers it
            List<Row> rows = jdbc.sql("""
                            SELECT scope, key, notification_id, request_fingerprint FROM ingest.idempotency_key
                            WHERE key IN (:keys)
                            """)
                    .param(
                            "keys",
                            held.stream()
                                    .map(claim -> claim.key().value())
                                    .distinct()
                                    .toList())
                    .query((row, i) -> new Row(row.getString(1), row.getString(2), row.getString(3), row.getString(4)))
                    .list();
            for (Claim claim : held) {
                holder(claim, rows).ifPresent(holder -> result.put(claim.key(), Optional.of(holder)));
            }
            // rows purged between the two statements: try to take those keys again
            pending.removeIf(claim -> result.containsKey(claim.key()));
        }
        return result;
    }

    private record Row(String scope, String key, String notificationId, String fingerprint) {}

    private static Optional<Holder> holder(Claim claim, List<Row> rows) {
        Row legacy = null;
        for (Row row : rows) {
            if (!row.key().equals(claim.key().value())) {
                continue;
            }
            if (claim.key().scope().equals(row.scope())) {
                return Optional.of(new Holder(row.notificationId(), row.fingerprint()));
            }
            if (row.scope() == null
                    && row.fingerprint() != null
                    && row.fingerprint().equals(claim.fingerprint())) {
                legacy = row;
            }
        }
        return Optional.ofNullable(legacy).map(row -> new Holder(row.notificationId(), row.fingerprint()));
    }

    /** Gives back keys this transaction took (their notifications were not written after all). */
    public void release(Collection<Key> keys) {
        if (!keys.isEmpty()) {
            jdbc.sql("DELETE FROM ingest.idempotency_key WHERE (scope, key) IN (:keys)")
                    .param(
                            "keys",
                            keys.stream()
                                    .map(key -> new Object[] {key.scope(), key.value()})
                                    .toList())
                    .update();
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
                            DELETE FROM ingest.idempotency_key WHERE ctid IN (
                                SELECT ctid FROM ingest.idempotency_key WHERE created_at < :cutoff LIMIT :batch)
                            """)
                    .param("cutoff", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                    .param("batch", PURGE_BATCH)
                    .update();
            purged += deleted;
        } while (deleted == PURGE_BATCH);
        return purged;
    }
}
