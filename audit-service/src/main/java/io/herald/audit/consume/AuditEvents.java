package io.herald.audit.consume;

import io.herald.audit.store.AuditEvent;
import io.herald.audit.store.AvroJson;
import io.herald.audit.store.EventRecord;
import io.herald.audit.store.NotificationChange;
import io.herald.audit.store.NotificationChange.LastAttempt;
import io.herald.audit.store.NotificationStatus;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeadLetter;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.FailureExplanation;
import io.herald.schema.Outcome;
import io.herald.schema.RecordOrigin;
import io.herald.schema.RejectedNotification;
import io.herald.schema.ReplayLineage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns each consumed Avro event into what audit stores: a timeline row and what it says about its notification. Pure
 * functions, no I/O.
 *
 * <p>Audit keeps metadata, not message content: a notification's content is stored only when it is dead-lettered, because
 * that is what a replay re-sends. Nothing here can carry a credential: none of the consumed events hold one (signed
 * requests are not consumed). An undecodable rejected record keeps only its size and a
 * {@value EventRecord#RAW_PREVIEW_BYTES}-byte hex preview.
 */
public final class AuditEvents {

    private AuditEvents() {}

    public static AuditEvent accepted(AcceptedNotification a) {
        String id = a.getNotificationId();
        EventRecord event =
                EventRecord.accepted(id, a.getAcceptedAt(), a.getSource().name());
        NotificationChange change = new NotificationChange(
                id,
                a.getChannel(),
                a.getProvider(),
                a.getTenant(),
                a.getIdempotencyKey(),
                a.getSource().name(),
                NotificationStatus.ACCEPTED,
                a.getAcceptedAt(),
                null,
                null,
                null,
                0,
                null,
                lineage(a.getReplay()),
                null,
                a.getAcceptedAt());
        return new AuditEvent(event, change);
    }

    public static AuditEvent rejected(RejectedNotification r) {
        String id = r.getNotificationId();
        List<EventRecord.Violation> violations = r.getViolations().stream()
                .map(v -> new EventRecord.Violation(v.getField(), v.getCode(), v.getMessage()))
                .toList();
        ByteBuffer raw = r.getRawPayload();
        EventRecord event = EventRecord.rejected(
                id,
                r.getRejectedAt(),
                r.getSource().name(),
                violations,
                raw == null ? null : raw.remaining(),
                raw == null ? null : preview(raw),
                origin(r.getOrigin()));
        NotificationChange change = new NotificationChange(
                id,
                r.getChannel(),
                null,
                r.getTenant(),
                r.getIdempotencyKey(),
                r.getSource().name(),
                NotificationStatus.REJECTED,
                null,
                r.getRejectedAt(),
                null,
                null,
                0,
                null,
                null,
                null,
                r.getRejectedAt());
        return new AuditEvent(event, change);
    }

    public static AuditEvent attempt(DeliveryAttempt d) {
        String id = d.getNotificationId();
        EventRecord event = EventRecord.attempt(
                id,
                d.getAttempt(),
                d.getStartedAt(),
                d.getOutcome().name(),
                new EventRecord.AttemptFacts(
                        d.getSignedAt(),
                        d.getHttpStatus(),
                        d.getProviderCode(),
                        d.getProviderMessage(),
                        d.getError(),
                        d.getLatencyMs(),
                        d.getDispatcher(),
                        d.getResponseDate(),
                        d.getNotSentCause(),
                        d.getPacedMs(),
                        d.getChannel(),
                        d.getReroutedTo(),
                        explanation(d.getExplanation()),
                        d.getWaitingBehind()));
        // a try parked until its slot in its channel's window, or held by its ordered channel (behind an earlier
        // notification, or while the channel is stopped), waits, it did not fail: it moves neither the status nor the
        // last outcome (so a search for RETRYABLE does not find it), only the attempts made
        boolean waits = event.waits();
        NotificationChange change = new NotificationChange(
                id,
                d.getChannel(),
                d.getProvider(),
                d.getTenant(),
                null,
                null,
                waits ? NotificationStatus.ACCEPTED : NotificationStatus.afterAttempt(d.getOutcome()),
                null,
                null,
                deliveredAt(d),
                null,
                d.getAttempt(),
                waits ? null : lastAttempt(d),
                null,
                null,
                d.getStartedAt());
        return new AuditEvent(event, change);
    }

    /**
     * A dead letter also carries the original notification and every attempt, so it completes the notification row
     * (acceptance facts, replay lineage, the payload a replay needs, the last attempt) even when it is read before the
     * accepted and attempt events. Its attempts are not added to the timeline: herald.attempts reports each of them.
     */
    public static AuditEvent deadLetter(DeadLetter dl) {
        String id = dl.getNotificationId();
        AcceptedNotification n = dl.getNotification();
        DeliveryAttempt last = dl.getAttempts().stream()
                .max(Comparator.comparingInt(DeliveryAttempt::getAttempt).thenComparing(DeliveryAttempt::getStartedAt))
                .orElse(null);
        int attempts = last == null ? 0 : last.getAttempt();
        EventRecord event = EventRecord.deadLetter(
                id, attempts, dl.getDeadAt(), dl.getFinalOutcome().name(), dl.getReason());
        NotificationChange change = new NotificationChange(
                id,
                dl.getChannel(),
                dl.getProvider(),
                dl.getTenant(),
                n.getIdempotencyKey(),
                n.getSource().name(),
                NotificationStatus.DEAD_LETTERED,
                n.getAcceptedAt(),
                null,
                null,
                dl.getDeadAt(),
                attempts,
                last == null ? null : lastAttempt(last),
                lineage(n.getReplay()),
                AvroJson.encode(n),
                dl.getDeadAt());
        return new AuditEvent(event, change);
    }

    /** When the provider confirmed delivery: the end of the delivering attempt. */
    private static Instant deliveredAt(DeliveryAttempt d) {
        return d.getOutcome() == Outcome.DELIVERED ? d.getStartedAt().plusMillis(d.getLatencyMs()) : null;
    }

    private static LastAttempt lastAttempt(DeliveryAttempt d) {
        return new LastAttempt(
                d.getAttempt(), d.getStartedAt(), d.getOutcome().name(), d.getHttpStatus(), d.getProviderCode());
    }

    private static NotificationChange.ReplayLineage lineage(ReplayLineage replay) {
        return replay == null
                ? null
                : new NotificationChange.ReplayLineage(
                        replay.getOriginalNotificationId(),
                        replay.getReplayCount(),
                        replay.getRequestedBy(),
                        replay.getRequestedAt());
    }

    private static EventRecord.Explanation explanation(FailureExplanation why) {
        return why == null ? null : new EventRecord.Explanation(why.getText(), why.getLikelyCause(), why.getDocs());
    }

    private static EventRecord.Origin origin(RecordOrigin origin) {
        return origin == null
                ? null
                : new EventRecord.Origin(origin.getTopic(), origin.getPartition(), origin.getOffset());
    }

    /** Hex of the first bytes of an undecodable record; reads a duplicate so the record's buffer is left as it was. */
    static String preview(ByteBuffer raw) {
        ByteBuffer view = raw.duplicate();
        byte[] head = new byte[Math.min(view.remaining(), EventRecord.RAW_PREVIEW_BYTES)];
        view.get(head);
        return HexFormat.of().formatHex(head);
    }
}
