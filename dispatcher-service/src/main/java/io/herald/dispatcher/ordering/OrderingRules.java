package io.herald.dispatcher.ordering;

import java.time.Duration;

/**
 * How ordered channels wait ({@code herald.dispatcher.ordering.*}).
 *
 * @param maxWaiting notifications that may wait on one ordered channel; one more is dead-lettered (its state is one
 *     Kafka record, and a channel this far behind needs a person)
 * @param releaseGap how long after the head's next try the ones behind it come back: time for the head's outcome
 * @param stoppedRecheck how often a notification of a stopped channel (or one whose state cannot be read) looks again
 */
public record OrderingRules(int maxWaiting, Duration releaseGap, Duration stoppedRecheck) {

    public static final OrderingRules DEFAULT = new OrderingRules(1000, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public OrderingRules {
        if (maxWaiting < 1 || maxWaiting > 10_000) {
            throw new IllegalArgumentException(
                    "herald.dispatcher.ordering.max-waiting must be 1..10000, was " + maxWaiting);
        }
        if (releaseGap.isNegative() || releaseGap.isZero()) {
            throw new IllegalArgumentException(
                    "herald.dispatcher.ordering.release-gap must be positive, was " + releaseGap);
        }
        if (stoppedRecheck.isNegative() || stoppedRecheck.isZero()) {
            throw new IllegalArgumentException(
                    "herald.dispatcher.ordering.stopped-recheck must be positive, was " + stoppedRecheck);
        }
    }
}
