package io.herald.audit.operators;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * {@code audit.operator_event}: occurrences counted per kind and subject, and the claim to tell operators, taken on the
 * row's lock so that of several audit instances one tells them, once per quiet period.
 */
@Repository
class OperatorEventStore {

    private static final int MAX_DETAIL = 1000;

    private final NamedParameterJdbcTemplate jdbc;

    OperatorEventStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What operators are told: the occurrences since they were last told. */
    record Claim(long occurrences, Instant firstAt, String detail) {}

    void count(Signal signal) {
        jdbc.update(
                """
                INSERT INTO audit.operator_event
                    (kind, subject, provider, tenant, first_at, last_at, occurrences, detail)
                VALUES (:kind, :subject, :provider, :tenant, :at, :at, 1, :detail)
                ON CONFLICT (kind, subject) DO UPDATE SET
                    provider = EXCLUDED.provider,
                    tenant = EXCLUDED.tenant,
                    first_at = LEAST(audit.operator_event.first_at, EXCLUDED.first_at),
                    last_at = GREATEST(audit.operator_event.last_at, EXCLUDED.last_at),
                    occurrences = audit.operator_event.occurrences + 1,
                    detail = EXCLUDED.detail
                """,
                key(signal)
                        .addValue("provider", signal.provider())
                        .addValue("tenant", signal.tenant())
                        .addValue("at", Timestamp.from(signal.at()))
                        .addValue("detail", bounded(signal.detail())));
    }

    /**
     * Claims the notice of {@code signal} when operators were not told of its kind and subject within
     * {@code quietPeriod}: marks them told now (resetting the count) and returns what they are to be told.
     */
    Optional<Claim> claim(Signal signal, Instant now, Duration quietPeriod, String noticeId) {
        return jdbc
                .query(
                        """
                        WITH told AS (
                            SELECT kind, subject, occurrences, first_at, detail FROM audit.operator_event
                            WHERE kind = :kind AND subject = :subject
                              AND (notified_at IS NULL OR notified_at <= :quietSince)
                            FOR UPDATE)
                        UPDATE audit.operator_event e
                        SET notified_at = :now, notice_id = :noticeId, occurrences = 0, first_at = NULL
                        FROM told WHERE e.kind = told.kind AND e.subject = told.subject
                        RETURNING told.occurrences, told.first_at, told.detail
                        """,
                        key(signal)
                                .addValue("quietSince", Timestamp.from(now.minus(quietPeriod)))
                                .addValue("now", Timestamp.from(now))
                                .addValue("noticeId", noticeId),
                        (rs, row) -> new Claim(
                                rs.getLong(1),
                                rs.getTimestamp(2) == null
                                        ? null
                                        : rs.getTimestamp(2).toInstant(),
                                rs.getString(3)))
                .stream()
                .findFirst();
    }

    /** A notice that could not be sent: the next occurrence may claim it again. */
    void unclaim(Signal signal, String noticeId) {
        jdbc.update(
                "UPDATE audit.operator_event SET notified_at = NULL, notice_id = NULL"
                        + " WHERE kind = :kind AND subject = :subject AND notice_id = :noticeId",
                key(signal).addValue("noticeId", noticeId));
    }

    /** Dead letters of {@code channel} since {@code since}, as the audit recorded them. */
    long deadLettersSince(String channel, Instant since) {
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM audit.notification"
                        + " WHERE channel = :channel AND status = 'DEAD_LETTERED' AND dead_lettered_at >= :since",
                new MapSqlParameterSource("channel", channel).addValue("since", Timestamp.from(since)),
                Long.class);
        return count == null ? 0 : count;
    }

    private static MapSqlParameterSource key(Signal signal) {
        return new MapSqlParameterSource("kind", signal.kind().label()).addValue("subject", signal.subject());
    }

    private static String bounded(String text) {
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL - 1) + "…";
    }
}
