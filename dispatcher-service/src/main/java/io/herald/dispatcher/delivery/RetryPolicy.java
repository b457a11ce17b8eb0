package io.herald.dispatcher.delivery;

import io.herald.dispatcher.classify.DeliveryClassifier;
import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeadLetter;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.DeliveryRetry;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Decides, after each try, between done, another try and the dead-letter topic. Pure apart from the jitter source: it
 * reads the signed delivery, the attempt just made and the time, and builds the record to write. Attempt numbers always
 * increase (each try has its own, parked ones too), so the audit timeline shows every try.
 */
public class RetryPolicy {

    /** Errors of tries that never reached the provider start with this; such tries are parked, not counted. */
    public static final String NOT_SENT = "not sent: ";

    private final int maxAttempts;
    private final Duration maxAge;
    private final Function<String, Limits> channelLimits;
    private final List<Duration> tiers;
    private final double jitter;
    private final DoubleSupplier random;
    private final int tlsMaxAttempts;
    private final Route route;

    /** Where a notification its channel gave up on goes next, if anywhere: the channel's route. */
    @FunctionalInterface
    public interface Route {
        /** No routes: every give-up is a dead letter. */
        Route NONE = (notification, reason, now) -> Optional.empty();

        Optional<AcceptedNotification> next(AcceptedNotification notification, String reason, Instant now);
    }

    /**
     * A channel's own retry limits; a {@code null} field keeps the policy's default.
     *
     * @param fallbackAfterOpen a circuit open this long sends the channel's notifications on along its route; null:
     *     only giving up does
     */
    public record Limits(Integer maxAttempts, Duration maxAge, Duration fallbackAfterOpen) {
        public static final Limits NONE = new Limits(null, null, null);

        public Limits(Integer maxAttempts, Duration maxAge) {
            this(maxAttempts, maxAge, null);
        }
    }

    /**
     * No channel limits, routes, jitter or TLS give-up: the defaults alone decide.
     *
     * @param maxAttempts tries sent before a dead letter
     * @param maxAge the age after which nothing is retried
     * @param tiers the retry tiers' delays, shortest first
     */
    public RetryPolicy(int maxAttempts, Duration maxAge, List<Duration> tiers) {
        this(maxAttempts, maxAge, channel -> Limits.NONE, tiers, 0, () -> 0, Integer.MAX_VALUE, Route.NONE);
    }

    /**
     * @param maxAttempts tries sent before a dead letter, for channels without their own
     * @param maxAge the age after which nothing is retried, for channels without their own
     * @param channelLimits a channel's own limits (the catalog's {@code max-attempts} / {@code max-age})
     * @param tiers the retry tiers' delays, shortest first
     * @param jitter each retry's delay is its tier's delay times {@code 1 + jitter * random()}
     * @param random uniform in [0, 1)
     * @param tlsMaxAttempts consecutive TLS handshake failures after which the notification is dead-lettered:
     *     a handshake that failed twice will fail again until someone changes the TLS settings
     * @param route where a notification its channel gave up on goes next (a channel's fallbacks)
     */
    public RetryPolicy(
            int maxAttempts,
            Duration maxAge,
            Function<String, Limits> channelLimits,
            List<Duration> tiers,
            double jitter,
            DoubleSupplier random,
            int tlsMaxAttempts,
            Route route) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("at least one retry tier is needed");
        }
        this.maxAttempts = maxAttempts;
        this.maxAge = maxAge;
        this.channelLimits = Objects.requireNonNull(channelLimits);
        this.tiers = List.copyOf(tiers);
        this.jitter = jitter;
        this.random = Objects.requireNonNull(random);
        this.tlsMaxAttempts = tlsMaxAttempts;
        this.route = Objects.requireNonNull(route);
    }

    /** True for a try that was sent to the provider (and so counts against max-attempts). */
    public static boolean wasSent(DeliveryAttempt attempt) {
        return attempt.getError() == null || !attempt.getError().startsWith(NOT_SENT);
    }

    /**
     * PERMANENT: dead letter. Not sent ({@link #NOT_SENT}): parked, after the delay the classification asks for (else
     * the first tier's), without using up max-attempts. RETRYABLE: tier {@code sent - 1} (at most the last), stretched
     * by jitter and never before the provider's {@code Retry-After}. RESIGN from the provider: the same on the first
     * tier, but the same provider code right after a fresh signature means the clock was not the problem: dead letter.
     * Max-age applies to every retry, max-attempts to tries that were sent.
     */
    public Decision decide(SignedDelivery signed, DeliveryAttempt attempt, Classification result, Instant now) {
        return decide(signed, attempt, result, null, now);
    }

    /**
     * As {@link #decide(SignedDelivery, DeliveryAttempt, Classification, Instant)}, for a try parked because its
     * endpoint's circuit is open since {@code circuitOpenSince}: once that is the channel's {@code fallbackAfterOpen}
     * ago, on along its route.
     */
    public Decision decide(
            SignedDelivery signed,
            DeliveryAttempt attempt,
            Classification result,
            Instant circuitOpenSince,
            Instant now) {
        Outcome outcome = attempt.getOutcome();
        if (outcome == Outcome.DELIVERED) {
            return new Decision.Done();
        }
        List<DeliveryAttempt> attempts = new ArrayList<>(signed.getPriorAttempts());
        attempts.add(attempt);
        Limits own = channelLimits.apply(signed.getNotification().getChannel());
        int maxAttempts = own.maxAttempts() != null ? own.maxAttempts() : this.maxAttempts;
        Duration maxAge = own.maxAge() != null ? own.maxAge() : this.maxAge;
        if (outcome == Outcome.PERMANENT) {
            return giveUp(signed, attempts, outcome, result.summary(), now);
        }
        // attempt numbers count every try; parked ones are taken off (robust to a truncated history), and so are the
        // ones sent to the channels its route left behind: each channel of a route has its own max-attempts
        String channel = signed.getNotification().getChannel();
        int sent = attempt.getAttempt()
                - (int) attempts.stream().filter(a -> !wasSent(a)).count()
                - (int) attempts.stream()
                        .filter(a -> wasSent(a) && !channel.equals(a.getChannel()))
                        .count();
        boolean parked = !wasSent(attempt);
        if (!parked && sent >= maxAttempts) {
            return giveUp(
                    signed,
                    attempts,
                    outcome,
                    "gave up after " + attemptCount(sent) + "; last: " + result.summary(),
                    now);
        }
        int handshakeFailures = consecutiveHandshakeFailures(attempts);
        if (handshakeFailures >= tlsMaxAttempts) {
            return giveUp(
                    signed,
                    attempts,
                    outcome,
                    "gave up after " + handshakeFailures
                            + " TLS handshake failures in a row; check herald.dispatcher.network.tls; last: "
                            + result.summary(),
                    now);
        }
        Duration age = Duration.between(since(signed.getNotification()), now);
        if (age.compareTo(maxAge) >= 0) {
            return giveUp(
                    signed,
                    attempts,
                    outcome,
                    "gave up after " + attemptCount(sent) + ": accepted " + human(age) + " ago, max age is "
                            + human(maxAge) + "; last: " + result.summary(),
                    now);
        }
        if (outcome == Outcome.RESIGN && !parked && repeatsPreviousResign(signed.getPriorAttempts(), attempt)) {
            return giveUp(
                    signed,
                    attempts,
                    Outcome.PERMANENT,
                    "re-signed with a fresh timestamp and rejected again, " + "so not a clock problem: "
                            + result.summary(),
                    now);
        }
        if (parked
                && circuitOpenSince != null
                && own.fallbackAfterOpen() != null
                && !now.isBefore(circuitOpenSince.plus(own.fallbackAfterOpen()))) {
            Optional<AcceptedNotification> next = route.next(
                    signed.getNotification(),
                    channel + ": circuit open since " + circuitOpenSince + " (fallback after "
                            + human(own.fallbackAfterOpen()) + ")",
                    now);
            if (next.isPresent()) {
                return reroute(next.get(), attempts, now);
            }
        }
        Duration delay;
        boolean inOrder = parked && NotSentCause.waitsInOrder(attempt.getNotSentCause());
        if (inOrder) {
            // on the first tier, like every wait of its channel (keyed by channel: they come back in the order parked),
            // never longer than a first-tier record may hold its partition: one behind a long wait looks again
            delay = result.retryAfter();
            if (tiers.size() > 1 && delay.compareTo(tiers.get(1)) > 0) {
                delay = tiers.get(1);
            }
        } else if (parked) {
            // without a delay of its own (signer refusal, signer unreachable) it waits the first tier's
            delay = result.retryAfter() == null ? jittered(tiers.getFirst()) : result.retryAfter();
        } else {
            int tier = outcome == Outcome.RESIGN ? 0 : Math.min(sent - 1, tiers.size() - 1);
            delay = jittered(tiers.get(tier));
            if (result.retryAfter() != null && result.retryAfter().compareTo(delay) > 0) {
                delay = result.retryAfter();
            }
        }
        // a park that repeats the previous one (a disabled channel, a rate limit) adds no history and keeps its attempt
        // number, so a notification parked for hours carries one entry, not thousands (Kafka's record size); the
        // sent-count above stays right: one number, one not-sent entry
        boolean repeatsPark = parked && repeatsLastPark(signed.getPriorAttempts(), attempt);
        DeliveryRetry retry = DeliveryRetry.newBuilder()
                .setNotification(signed.getNotification())
                .setNextAttempt(repeatsPark ? attempt.getAttempt() : attempt.getAttempt() + 1)
                .setDueAt(now.plus(delay))
                .setPriorAttempts(repeatsPark ? signed.getPriorAttempts() : attempts)
                .build();
        return new Decision.Retry(inOrder ? 0 : tierFor(delay), retry);
    }

    private static boolean repeatsLastPark(List<DeliveryAttempt> prior, DeliveryAttempt attempt) {
        if (prior.isEmpty()) {
            return false;
        }
        DeliveryAttempt last = prior.getLast();
        return !wasSent(last)
                && last.getAttempt() == attempt.getAttempt() - 1
                && Objects.equals(last.getError(), attempt.getError());
    }

    /** The longest tier not longer than the delay (the first when all are longer): due records flow in order. */
    int tierFor(Duration delay) {
        int tier = 0;
        for (int i = 0; i < tiers.size(); i++) {
            if (tiers.get(i).compareTo(delay) <= 0) {
                tier = i;
            }
        }
        return tier;
    }

    private Duration jittered(Duration base) {
        double share = jitter * Math.min(Math.max(random.getAsDouble(), 0), 1);
        return base.plusMillis((long) (base.toMillis() * share));
    }

    private static int consecutiveHandshakeFailures(List<DeliveryAttempt> attempts) {
        int count = 0;
        for (int i = attempts.size() - 1; i >= 0; i--) {
            DeliveryAttempt attempt = attempts.get(i);
            if (!wasSent(attempt)) {
                continue;
            }
            if (attempt.getError() == null || !attempt.getError().startsWith(DeliveryClassifier.TLS_HANDSHAKE)) {
                break;
            }
            count++;
        }
        return count;
    }

    private static boolean repeatsPreviousResign(List<DeliveryAttempt> prior, DeliveryAttempt attempt) {
        for (int i = prior.size() - 1; i >= 0; i--) {
            DeliveryAttempt previous = prior.get(i);
            if (!wasSent(previous)) {
                continue; // parked tries in between say nothing about the signature
            }
            return previous.getOutcome() == Outcome.RESIGN
                    && attempt.getProviderCode() != null
                    && attempt.getProviderCode().equals(previous.getProviderCode());
        }
        return false;
    }

    /** Its channel gives up: on to the next channel of its route when there is one, else the dead letter. */
    private Decision giveUp(
            SignedDelivery signed, List<DeliveryAttempt> attempts, Outcome outcome, String reason, Instant now) {
        var notification = signed.getNotification();
        Optional<AcceptedNotification> next = route.next(notification, notification.getChannel() + ": " + reason, now);
        if (next.isPresent()) {
            return reroute(next.get(), attempts, now);
        }
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

    /** On to the next channel of the route, through the signer at once. */
    private static Decision reroute(AcceptedNotification next, List<DeliveryAttempt> attempts, Instant now) {
        return new Decision.Reroute(DeliveryRetry.newBuilder()
                .setNotification(next)
                .setNextAttempt(attempts.getLast().getAttempt() + 1)
                .setDueAt(now)
                .setPriorAttempts(attempts)
                .build());
    }

    /** When the current channel's turn began: acceptance, or the last hop along its route. */
    private static Instant since(AcceptedNotification notification) {
        var route = notification.getRoute();
        return route == null || route.getHops().isEmpty()
                ? notification.getAcceptedAt()
                : route.getHops().getLast().getAt();
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
