package io.herald.audit.search;

import io.herald.audit.store.NotificationStatus;
import java.time.Instant;

/**
 * One notification in a search or dead-letter list: its current state without the timeline.
 *
 * @param at when its first event happened: the list's order
 * @param deadLetterReason why it was dead-lettered (dead letters only)
 * @param replayOf the notification this one replays, or null
 * @param replays how often it was replayed
 */
public record NotificationSummary(
        String id,
        Instant at,
        String channel,
        String provider,
        String tenant,
        String source,
        NotificationStatus status,
        int attempts,
        String lastOutcome,
        Integer lastHttpStatus,
        String lastProviderCode,
        Instant deliveredAt,
        Instant deadLetteredAt,
        String deadLetterReason,
        String replayOf,
        int replays,
        String lastReplayId) {}
