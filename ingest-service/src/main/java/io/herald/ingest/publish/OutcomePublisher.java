package io.herald.ingest.publish;

import io.herald.schema.AcceptedNotification;
import io.herald.schema.RejectedNotification;

/**
 * Writes ingest's outcomes. Each call returns only once the broker has acknowledged the record, so a caller
 * that commits an offset or a database transaction afterwards never commits an outcome that was not written.
 */
public interface OutcomePublisher {

    /** Writes to herald.accepted, keyed by channel. @throws PublishException when it was not acknowledged */
    void publishAccepted(AcceptedNotification accepted);

    /** Writes to herald.rejected, keyed by notification id. @throws PublishException when it was not acknowledged */
    void publishRejected(RejectedNotification rejected);
}
