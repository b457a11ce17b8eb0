package io.herald.dispatcher.delivery;

import static io.herald.dispatcher.delivery.RetryPolicy.NOT_SENT;

import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import java.time.Duration;
import java.time.Instant;

/**
 * What one try came to, before it is recorded.
 *
 * @param notSentCause why it was not sent, null when it was
 * @param paced how long it waited in its lane for the channel's window before it was sent (zero: not at all)
 * @param circuitOpenSince when the endpoint's circuit opened, for a try parked because it is open; else null
 * @param waitingBehind the notification it waits behind, for a try not made because its ordered channel is not at it
 */
record Try(
        SignedDelivery signed,
        Instant startedAt,
        Duration latency,
        Instant responseDate,
        Classification result,
        NotSentCause notSentCause,
        Duration paced,
        Instant circuitOpenSince,
        String waitingBehind) {

    /** A try that was not sent: its error says so ({@link RetryPolicy#NOT_SENT}) and why, its cause which label. */
    static Try notSent(SignedDelivery signed, Outcome outcome, NotSentCause cause, String why, Instant now) {
        return new Try(
                signed,
                now,
                Duration.ZERO,
                null,
                Classification.transportFailure(outcome, NOT_SENT + why),
                cause,
                Duration.ZERO,
                null,
                null);
    }

    /** Parked until its slot in the channel's window, or its turn in an ordered channel: a wait, not a failure. */
    boolean waits() {
        return notSentCause != null && notSentCause.isWait();
    }

    /** The same not-sent try, waiting its turn behind {@code behind}: back on the retry path after {@code delay}. */
    Try waitBehind(String behind, Duration delay) {
        return new Try(
                signed,
                startedAt,
                latency,
                responseDate,
                result.withRetryAfter(delay),
                notSentCause,
                paced,
                circuitOpenSince,
                behind);
    }
}
