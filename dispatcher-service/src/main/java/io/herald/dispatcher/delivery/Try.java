package io.herald.dispatcher.delivery;

import static io.herald.dispatcher.delivery.RetryPolicy.NOT_SENT;

import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import java.time.Duration;
import java.time.Instant;

/** What one try came to, before it is recorded. */
record Try(SignedDelivery signed, Instant startedAt, Duration latency, Instant responseDate, Classification result) {

    /** A try that was not sent: its error says so ({@link RetryPolicy#NOT_SENT}) and why. */
    static Try notSent(SignedDelivery signed, Outcome outcome, String why, Instant now) {
        return new Try(signed, now, Duration.ZERO, null, Classification.transportFailure(outcome, NOT_SENT + why));
    }
}
