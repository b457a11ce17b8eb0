package io.herald.audit.search;

/** Builds filters from request text (query parameters or a replay request), answering 400 for unusable values. */
public final class Filters {

    private Filters() {}

    public static SearchFilter deadLetters(
            String channel,
            String provider,
            String tenant,
            String outcomeClass,
            String providerCode,
            String from,
            String to) {
        return SearchController.filter(
                "DEAD_LETTERED", channel, provider, tenant, outcomeClass, providerCode, from, to);
    }
}
