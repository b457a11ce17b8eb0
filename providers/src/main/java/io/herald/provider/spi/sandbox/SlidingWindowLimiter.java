package io.herald.provider.spi.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * "At most N in any window" on the sandbox clock, the way providers rate-limit a robot or webhook (DingTalk: 20
 * messages per minute). A request that is refused does not use up a slot.
 */
public final class SlidingWindowLimiter {

    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final Deque<Long> admitted = new ArrayDeque<>();

    public SlidingWindowLimiter(int limit, Duration window, Clock clock) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit must be >= 1 and window positive");
        }
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** Admits the request if fewer than {@code limit} were admitted in the last window, and counts it. */
    public synchronized boolean tryAcquire() {
        long now = clock.millis();
        while (!admitted.isEmpty() && admitted.peekFirst() <= now - windowMillis) {
            admitted.removeFirst();
        }
        if (admitted.size() >= limit) {
            return false;
        }
        admitted.addLast(now);
        return true;
    }

    /** How long until a slot frees up (zero when one is free now): what a {@code Retry-After} should say. */
    public synchronized Duration retryAfter() {
        long now = clock.millis();
        while (!admitted.isEmpty() && admitted.peekFirst() <= now - windowMillis) {
            admitted.removeFirst();
        }
        if (admitted.size() < limit) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(admitted.peekFirst() + windowMillis - now);
    }

    public int limit() {
        return limit;
    }
}
