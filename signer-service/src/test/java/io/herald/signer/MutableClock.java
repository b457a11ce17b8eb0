package io.herald.signer;

import io.herald.signer.clock.SigningClock;
import java.time.Duration;
import java.time.Instant;

/** A signing clock the test moves by hand. */
public final class MutableClock implements SigningClock {

    private Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant now() {
        return now;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }
}
