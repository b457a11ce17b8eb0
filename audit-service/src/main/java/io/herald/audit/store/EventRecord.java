package io.herald.audit.store;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code audit.event}: a lifecycle event as audit keeps it. Written once, read back for the timeline.
 * Fields that do not apply to the event's kind are null; use the factory methods to build one per kind.
 *
 * @param id database sequence, null until stored; the timeline's last tiebreak
 * @param attempt attempt number for {@link EventKind#ATTEMPT}, attempts made for {@link EventKind#DEAD_LETTER}, else 0
 * @param occurredAt acceptedAt, rejectedAt, the attempt's startedAt or deadAt
 * @param outcome the attempt's outcome, or the dead letter's final outcome
 * @param rawPayloadBytes size of an undecodable rejected record (its bytes are not kept)
 * @param rawPayloadPreview hex of at most the first {@value #RAW_PREVIEW_BYTES} bytes of that record
 * @param replayId for {@link EventKind#REPLAYED}: the new notification that re-sends this one
 * @param requestedBy for {@link EventKind#REPLAYED}: the principal name of the operator token that asked
 * @param attemptFacts what only an {@link EventKind#ATTEMPT} reports (never null for one), else null
 */
public record EventRecord(
        Long id,
        String notificationId,
        EventKind kind,
        int attempt,
        Instant occurredAt,
        String outcome,
        String source,
        String reason,
        List<Violation> violations,
        Integer rawPayloadBytes,
        String rawPayloadPreview,
        Origin origin,
        String replayId,
        String requestedBy,
        AttemptFacts attemptFacts) {

    /** The label of an attempt parked until its slot in its channel's rate window: a wait, not a failure. */
    public static final String PACED = "paced";

    /** The label of a try of an ordered channel not sent because it waits behind an earlier notification. */
    public static final String ORDERED = "ordered";

    /** The label of a try not sent because its ordered channel is stopped by a dead letter until an operator resumes it. */
    public static final String ORDERED_STOPPED = "ordered_stopped";

    /** The label of a try not sent because where its ordered channel stands could not be read yet: it waits. */
    public static final String ORDERED_UNKNOWN = "ordered_unknown";

    /** The label of a try refused because too many notifications wait on its ordered channel: a failure, permanent. */
    public static final String ORDERED_FULL = "ordered_full";

    /**
     * How much of an undecodable record audit keeps: enough to tell a missing magic byte, a foreign schema id or a JSON
     * body at a glance, too little to hold a message. The record itself stays on Kafka for its retention time.
     */
    public static final int RAW_PREVIEW_BYTES = 64;

    public EventRecord {
        violations = violations == null ? null : List.copyOf(violations);
        if (kind == EventKind.ATTEMPT && attemptFacts == null) {
            throw new IllegalArgumentException(
                    "an attempt event of notification " + notificationId + " has no attempt facts");
        }
    }

    /** A try parked until its slot in its channel's window: it waits, it did not fail. */
    public boolean pacedAndParked() {
        return kind == EventKind.ATTEMPT && PACED.equals(attemptFacts.notSentCause());
    }

    /**
     * A try not sent because its ordered channel holds it: it waits behind an earlier notification, the channel is
     * stopped by a dead letter until an operator resumes it, or where the channel stands is not read yet. A wait, not a
     * failure. (A try refused because too many
     * wait, {@code ordered_full}, is a failure.)
     */
    public boolean waitsInOrder() {
        if (kind != EventKind.ATTEMPT) {
            return false;
        }
        String notSentCause = attemptFacts.notSentCause();
        return ORDERED.equals(notSentCause)
                || ORDERED_STOPPED.equals(notSentCause)
                || ORDERED_UNKNOWN.equals(notSentCause)
                || (attemptFacts.waitingBehind() != null && !ORDERED_FULL.equals(notSentCause));
    }

    /** A try that was not sent because it waits (for its slot, or behind another): it sets no status or outcome. */
    public boolean waits() {
        return pacedAndParked() || waitsInOrder();
    }

    /**
     * What an attempt reports beyond its number, start and outcome; every field may be null.
     *
     * @param notSentCause for an attempt that was not sent: why, as a stable label ({@code paced}: it waits for its
     *     channel's rate window, which is not a failure)
     * @param pacedMs for an attempt that was sent: how long it waited in its lane for its channel's window, else null
     * @param channel the channel it went to (a fallback of its route, or the one it was published to)
     * @param reroutedTo for an attempt after which the notification went on along its route: the fallback it went to
     * @param explanation for an attempt that did not deliver: why, for people; else null
     * @param waitingBehind for an attempt not sent because its channel delivers in order: the earlier notification it
     *     waits behind ({@code notSentCause} {@code ordered}), else null
     */
    public record AttemptFacts(
            Instant signedAt,
            Integer httpStatus,
            String providerCode,
            String providerMessage,
            String error,
            Long latencyMs,
            String dispatcher,
            Instant responseDate,
            String notSentCause,
            Long pacedMs,
            String channel,
            String reroutedTo,
            Explanation explanation,
            String waitingBehind) {}

    /** Why an attempt did not deliver: what happened, the likely cause, the provider's documentation of its code. */
    public record Explanation(String text, String likelyCause, String docs) {}

    /** One reason a request was rejected. */
    public record Violation(String field, String code, String message) {}

    /** Where an undecodable request was read from. */
    public record Origin(String topic, int partition, long offset) {}

    public static EventRecord accepted(String notificationId, Instant acceptedAt, String source) {
        return new EventRecord(
                null,
                notificationId,
                EventKind.ACCEPTED,
                0,
                acceptedAt,
                null,
                source,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public static EventRecord rejected(
            String notificationId,
            Instant rejectedAt,
            String source,
            List<Violation> violations,
            Integer rawPayloadBytes,
            String rawPayloadPreview,
            Origin origin) {
        return new EventRecord(
                null,
                notificationId,
                EventKind.REJECTED,
                0,
                rejectedAt,
                null,
                source,
                null,
                violations,
                rawPayloadBytes,
                rawPayloadPreview,
                origin,
                null,
                null,
                null);
    }

    public static EventRecord attempt(
            String notificationId, int attempt, Instant startedAt, String outcome, AttemptFacts facts) {
        return new EventRecord(
                null,
                notificationId,
                EventKind.ATTEMPT,
                attempt,
                startedAt,
                outcome,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                facts);
    }

    public static EventRecord deadLetter(
            String notificationId, int attempts, Instant deadAt, String finalOutcome, String reason) {
        return new EventRecord(
                null,
                notificationId,
                EventKind.DEAD_LETTER,
                attempts,
                deadAt,
                finalOutcome,
                null,
                reason,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public static EventRecord replayed(
            String originalId, int replayCount, Instant requestedAt, String replayId, String requestedBy) {
        return new EventRecord(
                null,
                originalId,
                EventKind.REPLAYED,
                replayCount,
                requestedAt,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                replayId,
                requestedBy,
                null);
    }
}
