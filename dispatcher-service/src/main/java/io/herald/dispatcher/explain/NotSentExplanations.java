package io.herald.dispatcher.explain;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Explanation;

/**
 * Tries that were not sent, told apart by the reason the dispatcher gave ({@code DeliveryTry}, {@code ChannelGuards}):
 * each says what held the request back and what happens next.
 */
final class NotSentExplanations {

    private NotSentExplanations() {}

    static Explanation of(Provider provider, String why) {
        if (why.startsWith("signer refused to sign: ")) {
            return refused(provider, why.substring("signer refused to sign: ".length()));
        }
        if (why.startsWith("circuit open for ")) {
            return new Explanation(
                    "not sent: the " + why,
                    "earlier tries to this endpoint kept failing (see the attempts before): Herald waits for the circuit"
                            + " to half-open, then tries again",
                    null);
        }
        if (why.contains("requests already in flight to ")) {
            return new Explanation(
                    "not sent: " + why,
                    "the provider host is answering slowly and Herald caps requests in flight per host"
                            + " (herald.dispatcher.max-in-flight-per-host); it is retried shortly",
                    null);
        }
        if (why.startsWith("endpoint ") && why.contains(" is disabled: ")) {
            return new Explanation(
                    "not sent: " + why,
                    "the endpoint asked never to be called again (410 Gone): fix the receiver, then update the channel",
                    null);
        }
        if (why.contains("re-sign")) {
            return new Explanation(
                    "not sent: the signature was about to expire and re-signing it failed",
                    why + ". The notification waits on the retry path for the signer",
                    null);
        }
        if (why.contains("seal")) {
            return new Explanation(
                    "not sent: the dispatcher could not open the sealed credentials",
                    why + ". Check that the dispatcher has the sealing key the signer used (herald.sealing.keys)",
                    null);
        }
        return new Explanation("not sent: " + why, null, null);
    }

    private static Explanation refused(Provider provider, String reason) {
        if (reason.contains("clock error bound")) {
            return new Explanation(
                    "not sent: the signer would not sign: its clock is not trusted for " + provider.id(),
                    reason + ". A signature from an untrusted clock could be rejected; the notification waits on the"
                            + " retry path and is signed once the time sources (SNTP, providers' Date headers) agree:"
                            + " see ./herald clock",
                    null);
        }
        return new Explanation(
                "not sent: the signer refused to sign: " + reason,
                "the channel cannot be signed as configured (credentials, provider, state): fix the channel, then"
                        + " replay the dead letter",
                null);
    }
}
