package io.herald.dispatcher.delivery;

import io.herald.dispatcher.ordering.Turn;
import io.herald.dispatcher.resilience.ChannelGuards;
import io.herald.schema.SigningRefusal;

/**
 * Why a try was not sent, as the stable label on its attempt ({@code DeliveryAttempt.notSentCause}): every not-sent try
 * names one, and this is the one place that says which.
 */
enum NotSentCause {
    /** Waiting for the channel's rate window: a wait, not a failure. */
    PACED(ChannelGuards.PACED),
    CIRCUIT_OPEN("circuit_open"),
    HOST_BUSY("host_busy"),
    CHANNEL_DISABLED("channel_disabled"),
    CHANNEL_DELETED("channel_deleted"),
    /** The signer would not sign now (its clock is not trusted for the provider): it waits on the retry path. */
    CLOCK_UNTRUSTED("clock_untrusted"),
    /** The signer refused for good (e.g. a misconfigured channel). */
    SIGNER_REFUSED("signer_refused"),
    RESIGN_FAILED("resign_failed"),
    ENDPOINT_GONE("endpoint_gone"),
    UNSEALABLE("unsealable"),
    POLL_DEADLINE("poll_deadline"),
    /** Waiting behind an earlier notification of its ordered channel: a wait, not a failure. */
    ORDERED("ordered"),
    /** Its ordered channel stopped on a dead letter: it waits until an operator resumes the channel. */
    ORDERED_STOPPED("ordered_stopped"),
    /** Where its ordered channel stands could not be read yet: it waits. */
    ORDERED_UNKNOWN("ordered_unknown"),
    /** Too many wait on its ordered channel already: dead-lettered. */
    ORDERED_FULL("ordered_full");

    private final String label;

    NotSentCause(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** Why a notification of an ordered channel waits its turn. */
    static NotSentCause ofWait(Turn.Why why) {
        return switch (why) {
            case BEHIND -> ORDERED;
            case STOPPED -> ORDERED_STOPPED;
            case UNKNOWN -> ORDERED_UNKNOWN;
        };
    }

    /**
     * True for the label of a try that waits its turn in an ordered channel: such waits go back on the first retry tier
     * keyed by channel, so a channel's waiting notifications come back together and in the order they were parked.
     */
    static boolean waitsInOrder(String label) {
        return ORDERED.label.equals(label)
                || ORDERED_STOPPED.label.equals(label)
                || ORDERED_UNKNOWN.label.equals(label);
    }

    /** A wait, not a failure: not counted as a failed try, nothing to explain. */
    boolean isWait() {
        return this == PACED || this == ORDERED || this == ORDERED_STOPPED || this == ORDERED_UNKNOWN;
    }

    /** A signer refusal without a cause (the re-sign API's): a permanent one is the channel's, a passing one the clock's. */
    static NotSentCause ofRefusal(boolean permanent) {
        return permanent ? SIGNER_REFUSED : CLOCK_UNTRUSTED;
    }

    /** A signer refusal by the cause it names ({@code SigningRefusal.cause}); by its permanence when it names none. */
    static NotSentCause ofRefusal(SigningRefusal refusal) {
        String cause = refusal.getCause() == null ? "" : refusal.getCause();
        return switch (cause) {
            case "clock_untrusted" -> CLOCK_UNTRUSTED;
            case "channel_disabled" -> CHANNEL_DISABLED;
            case "channel_deleted" -> CHANNEL_DELETED;
            default -> ofRefusal(refusal.getPermanent());
        };
    }

    /** The cause of a park by the {@link ChannelGuards}. */
    static NotSentCause ofPark(String cause) {
        for (NotSentCause known : values()) {
            if (known.label.equals(cause)) {
                return known;
            }
        }
        throw new IllegalArgumentException("unknown park cause " + cause);
    }
}
