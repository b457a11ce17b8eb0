package io.herald.audit.store;

import io.herald.schema.Outcome;

/**
 * Where a notification stands, as the audit store sees it. Events arrive in any order across topics, so the status only
 * moves to a higher {@link #rank()}: {@code ACCEPTED < RETRYING < DELIVERED | DEAD_LETTERED}. The two delivery outcomes
 * share the top rank, so the first one recorded stays.
 *
 * <p>{@code REJECTED} is terminal too but ranks lowest: ingest rejects a request under the caller's notification id, so
 * an invalid request that reuses the id of an accepted one must not end that notification. Any sign that the id was
 * accepted (its accepted event, an attempt, a dead letter) outranks a rejection, in whichever order they arrive; the
 * rejection still shows in the timeline.
 *
 * <p>{@link AuditStore} writes the rank next to the status and applies the same rule in its upsert; {@link #advance}
 * is the rule in Java.
 */
public enum NotificationStatus {
    REJECTED(0, true),
    ACCEPTED(1, false),
    RETRYING(2, false),
    DELIVERED(3, true),
    DEAD_LETTERED(3, true);

    private final int rank;
    private final boolean terminal;

    NotificationStatus(int rank, boolean terminal) {
        this.rank = rank;
        this.terminal = terminal;
    }

    public int rank() {
        return rank;
    }

    /** Nothing more happens to the request: delivered, given up on, or rejected. */
    public boolean isTerminal() {
        return terminal;
    }

    /** The status after {@code incoming} is recorded on a notification whose status is {@code current} (may be null). */
    public static NotificationStatus advance(NotificationStatus current, NotificationStatus incoming) {
        if (current == null) {
            return incoming;
        }
        return incoming.rank > current.rank ? incoming : current;
    }

    /**
     * The status an attempt with this outcome implies. A permanent failure says nothing beyond "accepted" until its dead
     * letter arrives (the dispatcher writes one for every permanent failure).
     */
    public static NotificationStatus afterAttempt(Outcome outcome) {
        return switch (outcome) {
            case DELIVERED -> DELIVERED;
            case RETRYABLE, RESIGN -> RETRYING;
            case PERMANENT -> ACCEPTED;
        };
    }
}
