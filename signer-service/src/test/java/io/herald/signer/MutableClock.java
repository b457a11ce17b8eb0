package io.herald.signer;

import io.herald.signer.clock.SigningClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A host clock (and signing clock) the test moves by hand. */
public final class MutableClock extends Clock implements SigningClock {

    private volatile Instant now;
    /** How far every read moves it; zero for a clock that moves only by {@link #advance}. */
    private final Duration tick;

    public MutableClock(Instant start) {
        this(start, Duration.ZERO);
    }

    private MutableClock(Instant start, Duration tick) {
        this.now = start;
        this.tick = tick;
    }

    /** A clock that moves {@code tick} forward every time it is read (the first read gives {@code start + tick}). */
    public static MutableClock tickingOnEveryRead(Instant start, Duration tick) {
        return new MutableClock(start, tick);
    }

    @Override
    public Instant now() {
        return instant();
    }

    @Override
    public synchronized Instant instant() {
        if (!tick.isZero()) {
            now = now.plus(tick);
        }
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }
}
