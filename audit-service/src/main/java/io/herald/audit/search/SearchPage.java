package io.herald.audit.search;

import java.util.List;

/**
 * One page of a list, newest first. Pass {@code nextCursor} as {@code cursor} to read the next page; it is null on the
 * last page. The order (first event time, then id) is stable: rows added later do not shift pages already read.
 */
public record SearchPage(List<NotificationSummary> items, String nextCursor) {}
