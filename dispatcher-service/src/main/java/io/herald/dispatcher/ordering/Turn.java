package io.herald.dispatcher.ordering;

import java.time.Duration;

/** Whether a notification of an ordered channel may be tried now. */
public sealed interface Turn {

    /** Tried now: nothing before it is waiting (or its channel keeps no order). */
    record Go() implements Turn {}

    /**
     * Not tried: it waits on the retry path, not sent and not counted, and comes back after {@code delay}.
     *
     * @param behind the notification it waits behind (the head, or the one whose dead letter stopped the channel)
     * @param reason in words, the same for every wait behind the same notification (so repeated waits add no history)
     */
    record Wait(Why why, String behind, Duration delay, String reason) implements Turn {}

    /** Not tried and not kept: too many are waiting already. */
    record Full(String reason) implements Turn {}

    /** Why a notification waits. */
    enum Why {
        /** An earlier notification of its channel is not through yet. */
        BEHIND,
        /** Its channel stopped on a dead letter, until an operator resumes it. */
        STOPPED,
        /** Where its channel stands could not be read yet ({@code herald.ordering}). */
        UNKNOWN
    }
}
