package io.herald.audit.store;

/** The lifecycle events audit stores, one per consumed topic. */
public enum EventKind {
    /** herald.accepted */
    ACCEPTED,
    /** herald.rejected */
    REJECTED,
    /** herald.attempts */
    ATTEMPT,
    /** herald.dead-letters */
    DEAD_LETTER
}
