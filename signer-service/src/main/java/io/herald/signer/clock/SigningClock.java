package io.herald.signer.clock;

import java.time.Clock;
import java.time.Instant;

/**
 * The time the signer stamps into signatures and compares retry due times with.
 *
 * <p>It exists so that the host clock can be replaced by the trusted clock (host time plus an offset
 * estimated from SNTP and provider {@code Date} headers) without touching any signer. An implementation
 * that cannot vouch for the time may throw; the record is then retried with back-off, never signed with
 * a doubtful timestamp.
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
