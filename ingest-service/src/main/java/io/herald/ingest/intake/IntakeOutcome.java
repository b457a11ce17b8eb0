package io.herald.ingest.intake;

import java.util.List;

/** What became of a request: accepted, answered as a duplicate of an earlier one, or rejected. */
public sealed interface IntakeOutcome {

    /** The id under which the request is (or was) known. */
    String notificationId();

    /** Written to herald.accepted under this id. */
    record Accepted(String notificationId) implements IntakeOutcome {}

    /** The idempotency key was seen before; nothing was written, this is the original request's id. */
    record Duplicate(String notificationId) implements IntakeOutcome {}

    /** Written to herald.rejected under this id, with every violation found. */
    record Rejected(String notificationId, List<FieldViolation> violations) implements IntakeOutcome {
        public Rejected {
            violations = List.copyOf(violations);
        }
    }
}
