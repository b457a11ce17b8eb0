package io.herald.audit.replay;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Answer of {@code POST /v1/replays}: one item per selected dead letter, in the order selected, and how many ended
 * each way.
 */
record ReplayResult(
        boolean dryRun, String requestedBy, Instant requestedAt, Map<Outcome, Integer> summary, List<Item> items) {

    /**
     * @param replayId the new notification (REPLAYED), or the id it would get (WOULD_REPLAY)
     * @param replayCount which replay of the original it is / would be
     * @param detail why it was not replayed, for the outcomes other than REPLAYED and WOULD_REPLAY
     */
    public record Item(String id, Outcome outcome, String replayId, Integer replayCount, String detail) {}

    public enum Outcome {
        /** sent to herald.accepted and acknowledged by the broker */
        REPLAYED,
        /** dry run: would be replayed */
        WOULD_REPLAY,
        /** already replayed before; send force=true to replay again */
        ALREADY_REPLAYED,
        /** audit has no notification with this id, or none the caller may see (another tenant's) */
        NOT_FOUND,
        /** the notification is not dead-lettered (only dead letters are replayed) */
        NOT_DEAD_LETTERED,
        /** the replay rate limit did not free a slot in time; ask again later */
        RATE_LIMITED,
        /** sending failed (broker unreachable, timeout); nothing was recorded */
        FAILED
    }
}
