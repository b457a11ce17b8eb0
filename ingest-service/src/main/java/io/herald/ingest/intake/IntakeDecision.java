package io.herald.ingest.intake;

import io.herald.ingest.idempotency.IdempotencyLedger;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.RejectedNotification;

/** What to write for a request, decided by {@link IntakeDecider} before anything is written. */
sealed interface IntakeDecision {

    /** Accept under {@code key} (null: no de-duplication) unless a different request holds it. */
    record Accept(IntakeRequest request, AcceptedNotification accepted, IdempotencyLedger.Key key, String fingerprint)
            implements IntakeDecision {}

    record Reject(RejectedNotification rejected, IntakeOutcome.Rejected outcome) implements IntakeDecision {}
}
