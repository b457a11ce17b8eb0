package io.herald.audit.store;

import static io.herald.audit.store.AuditStore.text;

import io.herald.audit.store.EventRecord.AttemptFacts;
import io.herald.audit.store.EventRecord.Origin;
import io.herald.audit.store.NotificationChange.LastAttempt;
import io.herald.audit.store.NotificationChange.ReplayLineage;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The audit's two write statements, and how an event and a notification change bind to them: {@link #INSERT_EVENT}
 * into {@code audit.event}, {@link #UPSERT_NOTIFICATION} merging the change into {@code audit.notification} by the
 * rules {@link AuditStore} describes.
 */
final class WriteStatements {

    // The two write statements bind their parameters by position, in the order of their column lists (see bindEvent
    // and bindNotification): named parameters cost the consumer more than the rest of a batch (a map lookup and a type
    // guess per value, ~45 % of the audit's CPU at the maximum rate).
    static final String INSERT_EVENT = """
            INSERT INTO audit.event (notification_id, kind, attempt, occurred_at, signed_at, outcome, http_status,
                provider_code, provider_message, error, latency_ms, dispatcher, response_date, source, reason, violations,
                raw_payload_bytes, raw_payload_preview, origin_topic, origin_partition, origin_offset, replay_id,
                requested_by, not_sent_cause, paced_ms, channel, rerouted_to, explanation_text, explanation_cause,
                explanation_docs, waiting_behind)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                ?)
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

    static final String UPSERT_NOTIFICATION = """
            INSERT INTO audit.notification AS n (id, channel, provider, tenant, idempotency_key, source, status,
                status_rank, accepted_at, rejected_at, delivered_at, dead_lettered_at, attempts, replay_original_id,
                replay_count, replay_requested_by, replay_requested_at, accepted_notification, first_event_at,
                last_event_at, last_attempt, last_attempt_at, last_outcome, last_http_status, last_provider_code,
                trace_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS json), ?, ?, ?, ?, ?, ?, ?, ?)
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
                trace_id = COALESCE(n.trace_id, EXCLUDED.trace_id),
                updated_at = now()
            """.formatted(LATER_ATTEMPT, PIPELINE_AFTER_REJECTIONS);

    private static final AttemptFacts NO_ATTEMPT =
            new AttemptFacts(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    private WriteStatements() {}

    /** INSERT_EVENT's parameters, in its column order. */
    static void bindEvent(PreparedStatement ps, EventRecord e) throws SQLException {
        Origin origin = e.origin();
        PositionalParameters p = new PositionalParameters(ps);
        p.text(text(e.notificationId()));
        p.text(e.kind().name());
        p.integer(e.attempt());
        p.time(e.occurredAt());
        // columns of the facts only an attempt has: null for the other kinds
        AttemptFacts a = e.attemptFacts() == null ? NO_ATTEMPT : e.attemptFacts();
        p.time(a.signedAt());
        p.text(e.outcome());
        p.integer(a.httpStatus());
        p.text(text(a.providerCode()));
        p.text(text(a.providerMessage()));
        p.text(text(a.error()));
        p.bigint(a.latencyMs());
        p.text(text(a.dispatcher()));
        p.time(a.responseDate());
        p.text(e.source());
        p.text(text(e.reason()));
        p.text(ViolationsJson.write(e.violations()));
        p.integer(e.rawPayloadBytes());
        p.text(e.rawPayloadPreview());
        p.text(origin == null ? null : text(origin.topic()));
        p.integer(origin == null ? null : origin.partition());
        p.bigint(origin == null ? null : origin.offset());
        p.text(text(e.replayId()));
        p.text(text(e.requestedBy()));
        p.text(text(a.notSentCause()));
        p.bigint(a.pacedMs());
        p.text(text(a.channel()));
        p.text(text(a.reroutedTo()));
        EventRecord.Explanation why = a.explanation();
        p.text(why == null ? null : text(why.text()));
        p.text(why == null ? null : text(why.likelyCause()));
        p.text(why == null ? null : text(why.docs()));
        p.text(text(a.waitingBehind()));
    }

    /** UPSERT_NOTIFICATION's parameters, in its column order. */
    static void bindNotification(PreparedStatement ps, AuditEvent event) throws SQLException {
        NotificationChange c = event.notification();
        ReplayLineage replay = c.replay();
        LastAttempt last = c.lastAttempt();
        PositionalParameters p = new PositionalParameters(ps);
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
        p.text(text(event.traceId()));
    }
}
