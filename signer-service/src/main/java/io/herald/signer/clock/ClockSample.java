package io.herald.signer.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * One measurement of the host clock against a time source: true time = host time + {@code offset}, give or take
 * {@code error}, measured when the host clock read {@code takenAt}. The error grows with the sample's age (the host
 * clock drifts): see {@link #boundAt}.
 *
 * @param source e.g. {@code sntp:time.example.org:123} or {@code http:https://oapi.dingtalk.com}
 * @param offset true time minus host time
 * @param error the half-width of the interval the true offset lies in when the sample was taken
 * @param takenAt host time of the measurement
 */
public record ClockSample(String source, Duration offset, Duration error, Instant takenAt) {

    /** The error bound of this sample at host time {@code hostNow}: error + floor + age × drift. */
    public Duration boundAt(Instant hostNow, double driftPpm, Duration floor) {
        long ageNanos = Math.abs(Duration.between(takenAt, hostNow).toNanos());
        long driftNanos = (long) (ageNanos * driftPpm / 1_000_000.0);
        return error.plus(floor).plusNanos(driftNanos);
    }
}
