package io.herald.audit.timeline;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.herald.audit.store.EventRecord;
import java.time.Instant;
import java.util.List;

/**
 * One step in a notification's life as the query API shows it; serialized with its {@code "type"} first. Fields that
 * are unknown are written as null rather than left out, so every entry of a type has the same shape.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(TimelineEntry.Accepted.class),
    @JsonSubTypes.Type(TimelineEntry.Rejected.class),
    @JsonSubTypes.Type(TimelineEntry.Signed.class),
    @JsonSubTypes.Type(TimelineEntry.Attempt.class),
    @JsonSubTypes.Type(TimelineEntry.DeadLetter.class),
    @JsonSubTypes.Type(TimelineEntry.Replayed.class),
    @JsonSubTypes.Type(TimelineEntry.Waiting.class),
    @JsonSubTypes.Type(TimelineEntry.Rerouted.class),
    @JsonSubTypes.Type(TimelineEntry.Paced.class)
})
sealed interface TimelineEntry {

    Instant at();

    /** Ingest accepted the request. */
    @JsonTypeName("ACCEPTED")
    record Accepted(Instant at, String source) implements TimelineEntry {}

    /**
     * Ingest rejected the request.
     *
     * @param rawPayloadBytes size of an undecodable record, else null
     * @param rawPayloadPreview hex of its first bytes, else null
     * @param origin where an undecodable record was read from, else null
     */
    @JsonTypeName("REJECTED")
    record Rejected(
            Instant at,
            String source,
            List<EventRecord.Violation> violations,
            Integer rawPayloadBytes,
            String rawPayloadPreview,
            EventRecord.Origin origin)
            implements TimelineEntry {}

    /** The signer stamped this attempt's signature with its trusted clock (derived from the attempt's signedAt). */
    @JsonTypeName("SIGNED")
    record Signed(Instant at, int attempt) implements TimelineEntry {}

    /**
     * The dispatcher tried to deliver; {@code at} is when the request started.
     *
     * @param responseDate the provider's {@code Date} header, a sample of the provider's clock
     * @param notSentCause why it was not sent (circuit_open, host_busy, clock_untrusted...), null when it was
     * @param pacedMs how long it waited in its lane for its channel's rate window before it was sent, else null
     * @param explanation why a try did not deliver ({@code text}, {@code likelyCause}, {@code docs}); null when it did
     */
    @JsonTypeName("ATTEMPT")
    record Attempt(
            Instant at,
            int attempt,
            String outcome,
            Integer httpStatus,
            String providerCode,
            String providerMessage,
            Long latencyMs,
            String error,
            String dispatcher,
            Instant responseDate,
            String notSentCause,
            Long pacedMs,
            String channel,
            EventRecord.Explanation explanation)
            implements TimelineEntry {}

    /**
     * Its channel gave up (or its circuit stayed open too long) and the channel's route took it on to a fallback: the
     * next attempts go there, rendered and signed for that channel's provider.
     *
     * @param reason why it left {@code fromChannel}: the last attempt's outcome
     */
    @JsonTypeName("REROUTED")
    record Rerouted(Instant at, int attempt, String fromChannel, String toChannel, String reason)
            implements TimelineEntry {}

    /**
     * A wait for the channel's rate window (the provider's "N per minute"), never a failure: either in its lane before
     * the attempt was sent ({@code at} is when the wait began, {@code waitedMs} how long), or parked until its slot
     * ({@code parked}: the attempt was not sent and comes back at its slot; {@code at} is when it was parked).
     *
     * @param reason the same in words
     */
    @JsonTypeName("PACED")
    record Paced(Instant at, int attempt, boolean parked, Long waitedMs, String reason) implements TimelineEntry {}

    /** Herald gave up on the notification. */
    @JsonTypeName("DEAD_LETTER")
    record DeadLetter(Instant at, String finalOutcome, String reason, int attempts) implements TimelineEntry {}

    /**
     * An operator replayed this dead letter as a new notification.
     *
     * @param replayId the new notification's id (its own timeline links back here through {@code replay.originalId})
     * @param replayCount which replay of this notification it is (1 = the first)
     * @param requestedBy the principal name of the operator token
     * @param replayStatus where the replay stands now (ACCEPTED, RETRYING, DELIVERED, DEAD_LETTERED), null until audit
     *     has read its first event
     */
    @JsonTypeName("REPLAYED")
    record Replayed(Instant at, String replayId, int replayCount, String requestedBy, String replayStatus)
            implements TimelineEntry {}

    /**
     * The notification waits, which is not a failure, for one of two reasons.
     *
     * <p>Behind another notification of its ordered channel ({@code ordering: strict}): a try was not sent because an
     * earlier notification is not through yet ({@code waitingBehind}, {@code notSentCause} {@code ordered}), or because
     * the channel is stopped by a dead letter until an operator resumes it ({@code notSentCause}
     * {@code ordered_stopped}). An event, in its place in time; {@code provider} and {@code consumerGroup} are null.
     *
     * <p>Not an event: the notification is not final and, at the audit service's last look at the broker
     * ({@code at}), no running dispatcher consumed its provider's signed topic, so nothing will move it until one runs.
     * Always the last entry; gone once a dispatcher serves the provider or the notification is final. {@code attempt},
     * {@code waitingBehind} and {@code notSentCause} are null.
     *
     * @param attempt the try that was not sent because it waits in order, else null
     * @param provider the provider's id ({@code webhook}) no dispatcher serves, else null
     * @param consumerGroup the provider's dispatcher group, which had no members, else null
     * @param waitingBehind the earlier notification it waits behind on its ordered channel, else null
     * @param notSentCause {@code ordered} or {@code ordered_stopped} for a wait in order, else null
     * @param reason the same in words
     */
    @JsonTypeName("WAITING")
    record Waiting(
            Instant at,
            Integer attempt,
            String provider,
            String consumerGroup,
            String waitingBehind,
            String notSentCause,
            String reason)
            implements TimelineEntry {

        /** No running dispatcher serves the provider. */
        Waiting(Instant at, String provider, String consumerGroup, String reason) {
            this(at, null, provider, consumerGroup, null, null, reason);
        }
    }
}
