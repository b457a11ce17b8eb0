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
    DEAD_LETTER,
    /** a dead letter re-sent by the audit service's replay (written by audit itself, not consumed) */
    REPLAYED
}
