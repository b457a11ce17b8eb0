package io.herald.audit.store;

import java.time.Instant;

/**
 * What one event tells about its notification, merged by {@link AuditStore} into {@code audit.notification}. Null
 * fields tell nothing and never erase what an earlier event said.
 *
 * @param status the status this event implies; the stored status only moves to a higher rank
 * @param attempts attempts this event proves were made (0 when it says nothing)
 * @param lastAttempt the attempt this event reports, or null
 * @param acceptedNotificationJson the accepted notification in Avro JSON encoding, kept for replay (dead letters only)
 * @param eventAt the event's own time, for the row's first/last event time
 */
public record NotificationChange(
        String id,
        String channel,
        String provider,
        String tenant,
        String idempotencyKey,
        String source,
        NotificationStatus status,
        Instant acceptedAt,
        Instant rejectedAt,
        Instant deliveredAt,
        Instant deadLetteredAt,
        int attempts,
        LastAttempt lastAttempt,
        ReplayLineage replay,
        String acceptedNotificationJson,
        Instant eventAt) {

    /** The latest try and what it ended with; "latest" is the highest attempt number, then the latest start. */
    public record LastAttempt(
            int attempt, Instant startedAt, String outcome, Integer httpStatus, String providerCode) {}

    /** Where a replayed notification came from. */
    public record ReplayLineage(String originalId, int replayCount, String requestedBy, Instant requestedAt) {}
}
