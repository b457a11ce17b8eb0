package io.herald.stack;

import java.time.Duration;

/**
 * How the supervisor restarts a component that died on its own: after {@code initialDelay}, doubling with each crash in
 * a row up to {@code maxDelay}; a component that stayed up for {@code stableAfter} starts again from
 * {@code initialDelay}. It never gives up: a component that cannot start (a port taken by someone else, a broken jar)
 * is tried every {@code maxDelay}, each failure in the supervisor's log, until it starts or the stack is stopped.
 *
 * @param initialDelay wait before the first restart after a crash
 * @param maxDelay the longest wait between two tries
 * @param stableAfter uptime after which the next crash counts as the first again
 */
public record RestartPolicy(Duration initialDelay, Duration maxDelay, Duration stableAfter) {

    /** 1 s, 2 s, 4 s … 30 s; back to 1 s once a component stayed up for a minute. */
    public static final RestartPolicy DEFAULT =
            new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));

    public RestartPolicy {
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must be 0 or more, was " + initialDelay);
        }
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "maxDelay must be at least initialDelay (" + initialDelay + "), was " + maxDelay);
        }
        if (stableAfter == null || stableAfter.isNegative()) {
            throw new IllegalArgumentException("stableAfter must be 0 or more, was " + stableAfter);
        }
    }

    /** The wait before restart number {@code crashesInARow} (1 for the first crash after a stable run). */
    Duration delayBefore(int crashesInARow) {
        if (crashesInARow < 1) {
            throw new IllegalArgumentException("crashesInARow starts at 1, was " + crashesInARow);
        }
        Duration delay = initialDelay;
        for (int i = 1; i < crashesInARow && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
