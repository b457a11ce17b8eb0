package io.herald.audit.channels;

import java.time.Instant;
import java.util.List;

/**
 * One version in {@code GET /v1/channels/{name}/history}: what was done, by whom, when, which JSON properties changed,
 * and the definition it produced (secrets as ids only).
 */
record HistoryEntry(
        long version, ChannelAction action, String by, Instant at, List<String> changedFields, ChannelView channel) {

    static HistoryEntry of(ChannelVersion version) {
        return new HistoryEntry(
                version.version(),
                version.action(),
                version.changedBy(),
                version.changedAt(),
                version.changedFields(),
                ChannelView.of(version));
    }
}
