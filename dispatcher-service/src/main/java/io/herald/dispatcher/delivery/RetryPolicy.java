package io.herald.dispatcher.delivery;

import io.herald.dispatcher.classify.Classification;
import io.herald.schema.DeadLetter;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.DeliveryRetry;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, after each try, between done, another try and the dead-letter topic. Pure: it reads the
 * signed delivery, the attempt just made and the time, and builds the record to write.
 *
 * <ul>
 *   <li>DELIVERED: done.
 *   <li>RETRYABLE: retry on tier {@code attempt - 1} (the last tier once attempts outnumber tiers), while
 *       {@code attempt < maxAttempts} and the notification is younger than {@code maxAge}.
 *   <li>RESIGN: the same, but always on the first (shortest) tier: only the signature was stale.
 *   <li>PERMANENT, or retries or age used up: dead letter with a reason a person can act on.
 * </ul>
 */
public class RetryPolicy {

    private final int maxAttempts;
    private final Duration maxAge;
    private final List<Duration> tiers;

    public RetryPolicy(int maxAttempts, Duration maxAge, List<Duration> tiers) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("at least one retry tier is needed");
        }
        this.maxAttempts = maxAttempts;
        this.maxAge = maxAge;
        this.tiers = List.copyOf(tiers);
    }

    public Decision decide(SignedDelivery signed, DeliveryAttempt attempt, Classification result, Instant now) {
        Outcome outcome = attempt.getOutcome();
        if (outcome == Outcome.DELIVERED) {
            return new Decision.Done();
        }
        List<DeliveryAttempt> attempts = new ArrayList<>(signed.getPriorAttempts());
        attempts.add(attempt);
        if (outcome == Outcome.PERMANENT) {
            return giveUp(signed, attempts, outcome, result.summary(), now);
        }
        int number = attempt.getAttempt();
        if (number >= maxAttempts) {
            return giveUp(signed, attempts, outcome,
                    "gave up after " + attemptCount(number) + "; last: " + result.summary(), now);
        }
        Duration age = Duration.between(signed.getNotification().getAcceptedAt(), now);
        if (age.compareTo(maxAge) >= 0) {
            return giveUp(signed, attempts, outcome, "gave up after " + attemptCount(number) + ": accepted "
                    + human(age) + " ago, max age is " + human(maxAge) + "; last: " + result.summary(), now);
        }
        int tier = outcome == Outcome.RESIGN ? 0 : Math.min(number - 1, tiers.size() - 1);
        DeliveryRetry retry = DeliveryRetry.newBuilder()
                .setNotification(signed.getNotification())
                .setNextAttempt(number + 1)
                .setDueAt(now.plus(tiers.get(tier)))
                .setPriorAttempts(attempts)
                .build();
        return new Decision.Retry(tier, retry);
    }

    private static Decision giveUp(
            SignedDelivery signed, List<DeliveryAttempt> attempts, Outcome outcome, String reason, Instant now) {
        var notification = signed.getNotification();
        return new Decision.GiveUp(DeadLetter.newBuilder()
                .setNotificationId(notification.getNotificationId())
                .setChannel(notification.getChannel())
                .setProvider(notification.getProvider())
                .setTenant(notification.getTenant())
                .setNotification(notification)
                .setFinalOutcome(outcome)
                .setReason(reason)
                .setAttempts(attempts)
                .setDeadAt(now)
                .build());
    }

    private static String attemptCount(int count) {
        return count == 1 ? "1 attempt" : count + " attempts";
    }

    /** 26h, 1h30m, 45s, 1500ms: short enough for a reason line. */
    static String human(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0 && millis < 60_000) {
            return millis + "ms";
        }
        long seconds = duration.toSeconds();
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        StringBuilder text = new StringBuilder();
        if (h > 0) text.append(h).append('h');
        if (m > 0) text.append(m).append('m');
        if (s > 0 || text.isEmpty()) text.append(s).append('s');
        return text.toString();
    }
}
