package io.herald.signer.retry;

import io.herald.schema.SignedDelivery;
import java.time.Duration;

/** What became of a retry read from a tier topic: signed and written, or not due yet. */
sealed interface RetryDecision {

    /** The retry was due, re-signed and written to its signed topic. */
    record Signed(SignedDelivery delivery) implements RetryDecision {}

    /** The retry is not due; look again after {@code pause} (capped, so it is re-checked regularly). */
    record NotDue(Duration pause) implements RetryDecision {}
}
