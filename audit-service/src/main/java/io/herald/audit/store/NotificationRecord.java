package io.herald.audit.store;

import io.herald.audit.store.NotificationChange.ReplayLineage;
import java.time.Instant;

/**
 * One row of {@code audit.notification} as read back: the notification's current state.
 *
 * @param replays how often this notification was replayed
 * @param lastReplayId the id of its latest replay, or null
 * @param traceId the notification's trace (W3C trace id), as the first event that carried one said; or null
 */
public record NotificationRecord(
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
        Integer lastHttpStatus,
        String lastProviderCode,
        ReplayLineage replay,
        Instant firstEventAt,
        Instant lastEventAt,
        Instant updatedAt,
        int replays,
        String lastReplayId,
        String traceId) {}
