package io.herald.audit.operators;

import java.util.Locale;

/** What operators are told about; its label names it in metrics, logs and the notice. */
enum OperatorEventKind {
    /** Notifications of a channel were dead-lettered (retries exhausted, or a permanent rejection). */
    DEAD_LETTERS,
    /** A channel's endpoint circuit has been open longer than {@code circuit-open-for}. */
    CIRCUIT_OPEN,
    /** The signer would not sign for a provider: its clock is not trusted within the provider's tolerance. */
    CLOCK_UNTRUSTED,
    /** A channel's endpoint answered that it is gone (410): Herald stopped sending to it. */
    ENDPOINT_GONE;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
