package io.herald.audit.store;

import io.herald.schema.Outcome;

/**
 * Where a notification stands, as the audit store sees it. Events arrive in any order across topics, so the status only
 * moves to a higher {@link #rank()} ({@link #advance}; the store's upsert applies the same rule):
 * {@code ACCEPTED < RETRYING < DELIVERED | DEAD_LETTERED}, where the first delivery outcome recorded stays.
 * {@code REJECTED} ranks lowest though terminal: ingest rejects under the caller's notification id, so an invalid
 * request reusing an accepted one's id must not end that notification (the rejection still shows in the timeline).
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
