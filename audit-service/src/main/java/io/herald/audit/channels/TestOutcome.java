package io.herald.audit.channels;

import java.util.List;

/**
 * Answer of {@code POST /v1/channels/{name}/test}: the test notification's id and status in the audit store, and each
 * attempt as the timeline records it (those so far while it is in flight).
 *
 * @param inFlight true when the wait ended before a final status (delivered, dead-lettered or rejected): answered 202
 * @param reason why it was dead-lettered, when it was
 */
record TestOutcome(String notificationId, String status, boolean inFlight, List<Attempt> attempts, String reason) {

    /** One try at the provider. */
    record Attempt(
            int attempt,
            String outcome,
            Integer httpStatus,
            String providerCode,
            String providerMessage,
            String error) {}
}
