package io.herald.dispatcher.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parsed {@link Target}s of the URLs sent to lately: most channels send every request to the same URL (a webhook,
 * a Slack or WeCom hook), so a try finds its URL parsed already instead of parsing it again.
 *
 * <p>Bounded: URLs that change with every request (DingTalk signs in the query) would otherwise fill it without end,
 * so it is emptied whenever it reaches {@link #MAX_URLS} and fills again with the URLs still in use. The URLs may
 * hold credentials: nothing here is logged or handed out but the {@link Target} asked for.
 */
public final class RecentTargets {

    /** More URLs than an instance's channels send to at once; about 1 MB when full of 180-character URLs. */
    static final int MAX_URLS = 1_024;

    private final Map<String, Target> byUrl = new ConcurrentHashMap<>();

    /** The parsed URL: the one kept, or {@link Target#of} now (and kept). */
    public Target of(String url) {
        Target known = byUrl.get(url);
        if (known != null) {
            return known;
        }
        Target parsed = Target.of(url);
        if (byUrl.size() >= MAX_URLS) {
            byUrl.clear();
        }
        byUrl.put(url, parsed);
        return parsed;
    }

    /** URLs kept (for tests). */
    int size() {
        return byUrl.size();
    }

    @Override
    public String toString() {
        return "RecentTargets[" + byUrl.size() + " URLs]";
    }
}
