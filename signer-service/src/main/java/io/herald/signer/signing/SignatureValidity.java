package io.herald.signer.signing;

import io.herald.contract.provider.Provider;
import java.time.Duration;
import java.time.Instant;

/** Decides a signed request's {@code notAfter}: past it the dispatcher re-signs instead of sending. */
final class SignatureValidity {

    /**
     * How long a request is considered fresh for a provider that stamps no time into it (zero signature
     * window: WeCom, Slack, DogeCloud). Nothing expires at the provider, but a request older than a day is
     * re-signed anyway, so a long-held request picks up rotated credentials and a fresh body.
     */
    public static final Duration UNTIMED_VALIDITY = Duration.ofDays(1);

    private SignatureValidity() {}

    /** {@code signedAt} plus the provider's signature window, or plus {@link #UNTIMED_VALIDITY} when it has none. */
    public static Instant notAfter(Provider provider, Instant signedAt) {
        Duration window = provider.signatureWindow();
        return signedAt.plus(window.isZero() ? UNTIMED_VALIDITY : window);
    }
}
