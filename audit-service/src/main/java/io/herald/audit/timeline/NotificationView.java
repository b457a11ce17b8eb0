package io.herald.audit.timeline;

import io.herald.audit.dispatchers.UnservedProviders;
import io.herald.audit.store.EventRecord;
import io.herald.audit.store.NotificationRecord;
import io.herald.audit.store.NotificationStatus;
import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /v1/notifications/{id}}: the notification's current state and its whole timeline.
 *
 * @param attempts highest attempt number seen
 * @param replay where this notification was replayed from, or null
 * @param replays how often this notification was replayed (a further replay needs force)
 * @param lastReplayId the id of its latest replay, or null
 * @param traceId the notification's trace in the trace backend (W3C trace id: 32 hex digits), or null when none of its
 *     records carried one; a replay has a trace of its own
 * @param waiting why the notification does not move (no running dispatcher serves its provider), also the timeline's
 *     last entry; null when it is final or nothing is known to hold it
 */
record NotificationView(
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
        String lastOutcome,
        String lastProviderCode,
        Replay replay,
        Instant updatedAt,
        int replays,
        String lastReplayId,
        String traceId,
        TimelineEntry.Waiting waiting,
        List<TimelineEntry> timeline) {

    /** Replay lineage: the notification this one re-sends, how often it was replayed, by whom and when. */
    public record Replay(String originalId, int replayCount, String requestedBy, Instant requestedAt) {}

    public static NotificationView of(NotificationRecord n, List<EventRecord> events) {
        return of(n, events, java.util.Map.of());
    }

    /** @param replayStatuses the current status of each replay named by a REPLAYED event, by replay id */
    public static NotificationView of(
            NotificationRecord n, List<EventRecord> events, java.util.Map<String, NotificationStatus> replayStatuses) {
        return of(n, events, replayStatuses, null);
    }

    /**
     * @param unserved the notification's provider as the last look at the broker found it when no dispatcher served it
     *     then, else null; shown only while the notification is not final (ACCEPTED or RETRYING)
     */
    public static NotificationView of(
            NotificationRecord n,
            List<EventRecord> events,
            java.util.Map<String, NotificationStatus> replayStatuses,
            UnservedProviders.Unserved unserved) {
        TimelineEntry.Waiting waiting = unserved == null
                        || n.status() == null
                        || n.status().isTerminal()
                        || !unserved.provider().id().equals(n.provider())
                ? null
                : new TimelineEntry.Waiting(
                        unserved.checkedAt(), unserved.provider().id(), unserved.consumerGroup(), unserved.reason());
        Replay replay = n.replay() == null
                ? null
                : new Replay(
                        n.replay().originalId(),
                        n.replay().replayCount(),
                        n.replay().requestedBy(),
                        n.replay().requestedAt());
        return new NotificationView(
                n.id(),
                n.channel(),
                n.provider(),
                n.tenant(),
                n.idempotencyKey(),
                n.source(),
                n.status(),
                n.acceptedAt(),
                n.rejectedAt(),
                n.deliveredAt(),
                n.deadLetteredAt(),
                n.attempts(),
                n.lastOutcome(),
                n.lastProviderCode(),
                replay,
                n.updatedAt(),
                n.replays(),
                n.lastReplayId(),
                n.traceId(),
                waiting,
                Timeline.of(events, replayStatuses, waiting));
    }
}
