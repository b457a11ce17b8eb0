package io.herald.audit.timeline;

import io.herald.audit.dispatchers.UnservedProviders;
import io.herald.audit.store.EventKind;
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
 * @param traceUrl its trace in the trace UI ({@code herald.audit.trace-url} with the trace id), or null
 * @param route where its channel's route took it (on to fallbacks), or null when it stayed on its channel
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
        String traceUrl,
        Route route,
        TimelineEntry.Waiting waiting,
        List<TimelineEntry> timeline) {

    /**
     * Where its channel's route took it.
     *
     * @param path the channel it was published to, then each fallback it went on to, in order
     * @param deliveredVia the channel that took it, or null while none has
     * @param summary the same in words: {@code delivered via fallback wecom-ops after dingtalk-ops: PERMANENT 310000}
     */
    public record Route(List<String> path, String deliveredVia, String summary) {}

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
        return of(n, events, replayStatuses, unserved, null);
    }

    /** @param traceUrl the trace UI's address of a trace, {@code {traceId}} standing for its id; null or blank: none */
    public static NotificationView of(
            NotificationRecord n,
            List<EventRecord> events,
            java.util.Map<String, NotificationStatus> replayStatuses,
            UnservedProviders.Unserved unserved,
            String traceUrl) {
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
                traceUrl == null || traceUrl.isBlank() || n.traceId() == null
                        ? null
                        : traceUrl.replace("{traceId}", n.traceId()),
                route(n.channel(), events),
                waiting,
                Timeline.of(events, replayStatuses, waiting));
    }

    private static Route route(String channel, List<EventRecord> events) {
        List<EventRecord> hops = events.stream()
                .filter(e -> e.kind() == EventKind.ATTEMPT && e.attemptFacts().reroutedTo() != null)
                .sorted(java.util.Comparator.comparingInt(EventRecord::attempt))
                .toList();
        if (hops.isEmpty()) {
            return null;
        }
        List<String> path = new java.util.ArrayList<>();
        String first = hops.getFirst().attemptFacts().channel();
        path.add(first == null ? channel : first);
        hops.forEach(hop -> path.add(hop.attemptFacts().reroutedTo()));
        String delivered = events.stream()
                .filter(e -> e.kind() == EventKind.ATTEMPT && "DELIVERED".equals(e.outcome()))
                .map(e -> e.attemptFacts().channel())
                .findFirst()
                .orElse(null);
        String after = String.join(
                "; ",
                hops.stream()
                        .map(hop -> hop.attemptFacts().channel() + ": " + Timeline.summary(hop))
                        .toList());
        String summary = delivered == null
                ? "on along its route " + String.join(" → ", path) + " after " + after
                : "delivered via fallback " + delivered + " after " + after;
        return new Route(List.copyOf(path), delivered, summary);
    }
}
