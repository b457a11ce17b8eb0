package io.herald.signer.clock;

import java.time.Clock;
import java.time.Instant;

/**
 * The time the signer stamps into signatures and compares retry due times with.
 *
 * <p>In the service it is the {@link TrustedClock} (host time plus an offset estimated from SNTP and provider
 * {@code Date} headers), which also decides whether a provider may be signed for at all; tests use fixed clocks.
 */
@FunctionalInterface
public interface SigningClock {

    /** The current instant to sign with. */
    Instant now();

    /** A signing clock reading the given {@link Clock}; {@code of(Clock.systemUTC())} is the default. */
    static SigningClock of(Clock clock) {
        return clock::instant;
    }
}
