package io.herald.dispatcher.resign;

import io.herald.schema.SignedDelivery;

/**
 * Asks the signer to re-sign a request whose signature is about to expire, so it is sent fresh without
 * going back to the end of the queue ({@code POST /internal/v1/resign}).
 */
public interface SignerClient {

    ResignResult resign(SignedDelivery stale) throws InterruptedException;

    /** What the signer said. */
    sealed interface ResignResult {
        /** 200: the same notification and attempt, freshly signed. */
        record Fresh(SignedDelivery signed) implements ResignResult {}

        /** 422 (the channel cannot be signed: permanent) or 503 (the clock is not trustworthy now). */
        record Refused(String reason, boolean permanent) implements ResignResult {}

        /** No usable answer: unreachable, timed out, or an answer the protocol does not know. */
        record Unavailable(String reason) implements ResignResult {}
    }
}
