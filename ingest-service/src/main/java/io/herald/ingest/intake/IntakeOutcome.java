package io.herald.ingest.intake;

import java.util.List;

/**
 * What became of a request: accepted, answered as a duplicate of an earlier one, refused because its idempotency key
 * was used for a different request (HTTP), or rejected.
 */
public sealed interface IntakeOutcome {

    /** The id under which the request is (or was) known. */
    String notificationId();

    /** Written to herald.accepted under this id. */
    record Accepted(String notificationId) implements IntakeOutcome {}

    /** The idempotency key was seen before with the same request; nothing was written, this is the original's id. */
    record Duplicate(String notificationId) implements IntakeOutcome {}

    /**
     * The key (an idempotency key, or a caller notification id used as one: {@code keyField}) was taken by notification
     * {@code notificationId} for a different request; nothing was written. Over Kafka this is a {@link Rejected} with
     * a {@link ViolationCode#IDEMPOTENCY_KEY_CONFLICT} violation instead, as herald.requests has no one to answer.
     */
    record Conflict(String notificationId, String key, String keyField) implements IntakeOutcome {}

    /** Written to herald.rejected under this id, with every violation found. */
    record Rejected(String notificationId, List<FieldViolation> violations) implements IntakeOutcome {
        public Rejected {
            violations = List.copyOf(violations);
        }

        /** True when the request is well formed but its notification is larger than its topic takes. */
        public boolean tooLargeForTopic() {
            return violations.stream()
                    .anyMatch(
                            v -> FieldViolation.REQUEST.equals(v.field()) && ViolationCode.TOO_LARGE.equals(v.code()));
        }
    }
}
