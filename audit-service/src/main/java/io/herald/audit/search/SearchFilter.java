package io.herald.audit.search;

import io.herald.audit.store.NotificationStatus;
import java.time.Instant;

/**
 * What a search, a dead-letter listing or a replay by filter selects; null fields do not filter. The time range applies
 * to when the notification's first event happened ({@code from} inclusive, {@code to} exclusive).
 *
 * @param outcomeClass the last attempt's outcome: DELIVERED, RETRYABLE, RESIGN or PERMANENT
 * @param providerCode the provider's error code of the last attempt, e.g. 310000
 */
public record SearchFilter(
        NotificationStatus status,
        String channel,
        String provider,
        String tenant,
        String outcomeClass,
        String providerCode,
        Instant from,
        Instant to) {

    public static final SearchFilter NONE = new SearchFilter(null, null, null, null, null, null, null, null);

    public SearchFilter withRange(Instant newFrom, Instant newTo) {
        return new SearchFilter(status, channel, provider, tenant, outcomeClass, providerCode, newFrom, newTo);
    }

    public SearchFilter withStatus(NotificationStatus newStatus) {
        return new SearchFilter(newStatus, channel, provider, tenant, outcomeClass, providerCode, from, to);
    }
}
