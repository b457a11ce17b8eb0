package io.herald.audit.replay;

import java.util.List;

/**
 * Body of {@code POST /v1/replays}: either {@code ids} or {@code filter} (the dead-letter filters of
 * {@code GET /v1/dead-letters}).
 *
 * @param dryRun report what would be replayed, send nothing
 * @param force replay even dead letters that were already replayed
 */
record ReplayRequest(List<String> ids, Filter filter, Boolean dryRun, Boolean force) {

    public ReplayRequest {
        // absent means false (Jackson 3 refuses to map a missing value onto a primitive)
        dryRun = Boolean.TRUE.equals(dryRun);
        force = Boolean.TRUE.equals(force);
    }

    /** Same names and meaning as the query parameters of {@code GET /v1/dead-letters}. */
    public record Filter(
            String channel,
            String provider,
            String tenant,
            String outcomeClass,
            String providerCode,
            String from,
            String to) {}
}
