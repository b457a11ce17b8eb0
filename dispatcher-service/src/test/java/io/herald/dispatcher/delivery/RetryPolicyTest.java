package io.herald.dispatcher.delivery;

import static io.herald.dispatcher.Fixtures.ACCEPTED_AT;
import static io.herald.dispatcher.Fixtures.attempt;
import static io.herald.dispatcher.Fixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.dispatcher.Fixtures;
import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.DeadLetter;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.DeliveryRetry;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final List<Duration> TIERS =
            List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1));
    private static final Instant NOW = ACCEPTED_AT.plus(Duration.ofMinutes(30));

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofHours(24), TIERS);

    private static final Classification HTTP_503 = Classification.httpStatus(Outcome.RETRYABLE, 503);
    private static final Classification SIGN_NOT_MATCH = new Classification(
            Outcome.PERMANENT, "DingTalk errcode 310000: sign not match", 200, "310000", "sign not match", null);
    private static final Classification INVALID_TIMESTAMP = new Classification(
            Outcome.RESIGN, "DingTalk errcode 310000: invalid timestamp", 200, "310000", "invalid timestamp", null);

    private Decision decide(SignedDelivery signed, Classification result, Instant now) {
        return policy.decide(signed, attempt(signed.getAttempt(), result.outcome(), now), result, now);
    }

    private static SignedDelivery try_(int attempt) {
        return signed(attempt, NOW.minusSeconds(1));
    }

    @Test
    void deliveredIsDone() {
        Classification ok = new Classification(Outcome.DELIVERED, "DingTalk errcode 0: ok", 200, "0", "ok", null);

        assertThat(decide(try_(1), ok, NOW)).isInstanceOf(Decision.Done.class);
    }

    @Test
    void firstRetryableAttemptGoesToFirstTier() {
        Decision decision = decide(try_(1), HTTP_503, NOW);

        assertThat(decision).isInstanceOf(Decision.Retry.class);
        Decision.Retry retry = (Decision.Retry) decision;
        assertThat(retry.tier()).isZero();
        assertThat(retry.retry().getNextAttempt()).isEqualTo(2);
        assertThat(retry.retry().getDueAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(retry.retry().getNotification()).isEqualTo(try_(1).getNotification());
        assertThat(retry.retry().getPriorAttempts())
                .extracting(DeliveryAttempt::getAttempt)
                .containsExactly(1);
    }

    @Test
    void retryTierFollowsAttemptNumber() {
        Decision.Retry third = (Decision.Retry) decide(try_(3), HTTP_503, NOW);

        assertThat(third.tier()).isEqualTo(2);
        assertThat(third.retry().getDueAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(third.retry().getNextAttempt()).isEqualTo(4);
    }

    @Test
    void attemptsBeyondTheTiersUseTheLongestTier() {
        RetryPolicy patient = new RetryPolicy(10, Duration.ofDays(7), TIERS);
        SignedDelivery sixth = try_(6);

        Decision.Retry retry =
                (Decision.Retry) patient.decide(sixth, attempt(6, Outcome.RETRYABLE, NOW), HTTP_503, NOW);

        assertThat(retry.tier()).isEqualTo(3);
        assertThat(retry.retry().getDueAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void invalidTimestampIsResignedOnTheFirstTier() {
        Decision.Retry retry = (Decision.Retry) decide(try_(3), INVALID_TIMESTAMP, NOW);

        assertThat(retry.tier()).isZero();
        assertThat(retry.retry().getDueAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(retry.retry().getNextAttempt()).isEqualTo(4);
    }

    @Test
    void priorAttemptsAccumulateInOrder() {
        SignedDelivery third = signed(
                "https://oapi.dingtalk.com/robot/send",
                3,
                NOW,
                List.of(
                        attempt(1, Outcome.RETRYABLE, NOW.minusSeconds(80)),
                        attempt(2, Outcome.RETRYABLE, NOW.minusSeconds(10))));

        Decision.Retry retry = (Decision.Retry) decide(third, HTTP_503, NOW);

        assertThat(retry.retry().getPriorAttempts())
                .extracting(DeliveryAttempt::getAttempt)
                .containsExactly(1, 2, 3);
    }

    @Test
    void signatureMismatchIsDeadLetteredAtOnceWithTheProviderReason() {
        Decision decision = decide(try_(1), SIGN_NOT_MATCH, NOW);

        assertThat(decision).isInstanceOf(Decision.GiveUp.class);
        DeadLetter dead = ((Decision.GiveUp) decision).deadLetter();
        assertThat(dead.getReason()).isEqualTo("DingTalk errcode 310000: sign not match");
        assertThat(dead.getFinalOutcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(dead.getNotificationId()).isEqualTo(Fixtures.NOTIFICATION_ID);
        assertThat(dead.getChannel()).isEqualTo(Fixtures.CHANNEL);
        assertThat(dead.getProvider()).isEqualTo("dingtalk");
        assertThat(dead.getTenant()).isEqualTo("acme");
        assertThat(dead.getNotification()).isEqualTo(try_(1).getNotification());
        assertThat(dead.getAttempts()).extracting(DeliveryAttempt::getAttempt).containsExactly(1);
        assertThat(dead.getDeadAt()).isEqualTo(NOW);
    }

    @Test
    void givesUpAfterMaxAttempts() {
        SignedDelivery fifth = signed(
                "https://oapi.dingtalk.com/robot/send",
                5,
                NOW,
                List.of(
                        attempt(1, Outcome.RETRYABLE, NOW), attempt(2, Outcome.RETRYABLE, NOW),
                        attempt(3, Outcome.RETRYABLE, NOW), attempt(4, Outcome.RETRYABLE, NOW)));

        DeadLetter dead = ((Decision.GiveUp) decide(fifth, HTTP_503, NOW)).deadLetter();

        assertThat(dead.getReason()).isEqualTo("gave up after 5 attempts; last: HTTP 503");
        assertThat(dead.getFinalOutcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(dead.getAttempts()).extracting(DeliveryAttempt::getAttempt).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void lastAllowedButOneAttemptStillRetries() {
        assertThat(decide(try_(4), HTTP_503, NOW)).isInstanceOf(Decision.Retry.class);
    }

    @Test
    void resignAtMaxAttemptsIsDeadLettered() {
        DeadLetter dead = ((Decision.GiveUp) decide(try_(5), INVALID_TIMESTAMP, NOW)).deadLetter();

        assertThat(dead.getFinalOutcome()).isEqualTo(Outcome.RESIGN);
        assertThat(dead.getReason())
                .isEqualTo("gave up after 5 attempts; last: DingTalk errcode 310000: invalid timestamp");
    }

    @Test
    void singleAttemptPolicyNeverRetries() {
        RetryPolicy once = new RetryPolicy(1, Duration.ofHours(24), TIERS);

        Decision decision = once.decide(try_(1), attempt(1, Outcome.RETRYABLE, NOW), HTTP_503, NOW);

        assertThat(((Decision.GiveUp) decision).deadLetter().getReason())
                .isEqualTo("gave up after 1 attempt; last: HTTP 503");
    }

    @Test
    void aChannelsOwnLimitsWinOverTheDefaults() {
        RetryPolicy policy = new RetryPolicy(
                5,
                Duration.ofHours(24),
                channel -> channel.equals(Fixtures.CHANNEL)
                        ? new RetryPolicy.Limits(2, Duration.ofMinutes(20))
                        : RetryPolicy.Limits.NONE,
                TIERS,
                0,
                () -> 0,
                Integer.MAX_VALUE,
                RetryPolicy.Route.NONE);

        // NOW is 30 min after acceptance: past the channel's 20 min, well within the default 24 h
        Decision tooOld = policy.decide(try_(1), attempt(1, Outcome.RETRYABLE, NOW), HTTP_503, NOW);
        assertThat(((Decision.GiveUp) tooOld).deadLetter().getReason())
                .isEqualTo("gave up after 1 attempt: accepted 30m ago, max age is 20m; last: HTTP 503");

        Instant early = ACCEPTED_AT.plusSeconds(60);
        Decision second = policy.decide(signed(2, early), attempt(2, Outcome.RETRYABLE, early), HTTP_503, early);
        assertThat(((Decision.GiveUp) second).deadLetter().getReason())
                .isEqualTo("gave up after 2 attempts; last: HTTP 503");
    }

    @Test
    void givesUpOnceOlderThanMaxAge() {
        Instant late = ACCEPTED_AT.plus(Duration.ofHours(25));

        DeadLetter dead = ((Decision.GiveUp) decide(signed(2, late), HTTP_503, late)).deadLetter();

        assertThat(dead.getReason())
                .isEqualTo("gave up after 2 attempts: accepted 25h ago, max age is 24h; last: HTTP 503");
        assertThat(dead.getFinalOutcome()).isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void retriesJustBeforeMaxAge() {
        Instant almost = ACCEPTED_AT.plus(Duration.ofHours(24)).minusMillis(1);

        assertThat(decide(signed(2, almost), HTTP_503, almost)).isInstanceOf(Decision.Retry.class);
    }

    @Test
    void retryKeepsTheOriginalNotificationUntouched() {
        DeliveryRetry retry = ((Decision.Retry) decide(try_(1), HTTP_503, NOW)).retry();

        assertThat(retry.getNotification().getAcceptedAt()).isEqualTo(ACCEPTED_AT);
        assertThat(retry.getNotification().getNotificationId()).isEqualTo(Fixtures.NOTIFICATION_ID);
    }

    @Test
    void parkedTriesDoNotUseUpMaxAttempts() {
        DeliveryAttempt parked = notSent(5, Outcome.RESIGN, "not sent: signer refused to sign: clock untrusted");
        SignedDelivery fifth = signed(
                "https://oapi.dingtalk.com/robot/send",
                5,
                NOW,
                List.of(
                        attempt(1, Outcome.RETRYABLE, NOW), notSent(2, Outcome.RETRYABLE, "not sent: circuit open"),
                        notSent(3, Outcome.RETRYABLE, "not sent: circuit open"), attempt(4, Outcome.RETRYABLE, NOW)));

        assertThat(policy.decide(
                        try_(5), parked, Classification.transportFailure(Outcome.RESIGN, parked.getError()), NOW))
                .isInstanceOf(Decision.Retry.class);
        // attempts 1 and 4 were sent, 2 and 3 parked: the 5th is only the 3rd sent try
        assertThat(policy.decide(fifth, attempt(5, Outcome.RETRYABLE, NOW), HTTP_503, NOW))
                .isInstanceOf(Decision.Retry.class);
    }

    @Test
    void aParkThatRepeatsThePreviousOneAddsNoHistoryAndKeepsItsAttemptNumber() {
        String disabled = "not sent: signer refused to sign: channel 'ops' is disabled (version 3)";
        List<DeliveryAttempt> history =
                List.of(attempt(1, Outcome.RETRYABLE, NOW), notSent(2, Outcome.RESIGN, disabled));
        SignedDelivery third = signed("https://oapi.dingtalk.com/robot/send", 3, NOW, history);
        DeliveryAttempt parkedAgain = notSent(3, Outcome.RESIGN, disabled);

        DeliveryRetry retry = ((Decision.Retry) policy.decide(
                        third, parkedAgain, Classification.transportFailure(Outcome.RESIGN, disabled), NOW))
                .retry();

        // parked for hours, it still carries two entries and comes back as try 3
        assertThat(retry.getPriorAttempts()).isEqualTo(history);
        assertThat(retry.getNextAttempt()).isEqualTo(3);
        // once enabled, try 3 is the second one sent: 5 allowed, so it is retried
        assertThat(policy.decide(third, attempt(3, Outcome.RETRYABLE, NOW), HTTP_503, NOW))
                .isInstanceOf(Decision.Retry.class);
        DeliveryAttempt otherPark = notSent(3, Outcome.RETRYABLE, "not sent: circuit open");
        assertThat(((Decision.Retry) policy.decide(
                                third, otherPark, Classification.transportFailure(Outcome.RETRYABLE, "x"), NOW))
                        .retry()
                        .getPriorAttempts())
                .hasSize(3);
    }

    @Test
    void parkedTryWaitsTheDelayItAskedFor() {
        DeliveryAttempt parked =
                notSent(1, Outcome.RETRYABLE, "not sent: channel ops-alerts is at its rate limit of 20/min");
        Classification rateLimited = Classification.transportFailure(Outcome.RETRYABLE, parked.getError())
                .withRetryAfter(Duration.ofSeconds(3));

        Decision.Retry retry = (Decision.Retry) policy.decide(try_(1), parked, rateLimited, NOW);

        assertThat(retry.retry().getDueAt()).isEqualTo(NOW.plusSeconds(3));
        assertThat(retry.tier()).isZero();
        assertThat(retry.retry().getNextAttempt()).isEqualTo(2);
    }

    @Test
    void aWaitInAnOrderedChannelGoesOnTheFirstTierAndNeverHoldsItLongerThanTheSecondTiersDelay() {
        DeliveryAttempt waits = DeliveryAttempt.newBuilder(notSent(
                        1,
                        Outcome.RETRYABLE,
                        "not sent: waiting behind notification n-0: channel ops delivers in order"))
                .setNotSentCause("ordered")
                .setWaitingBehind("n-0")
                .build();
        Classification behindALongRetry = Classification.transportFailure(Outcome.RETRYABLE, waits.getError())
                .withRetryAfter(Duration.ofMinutes(10).plusSeconds(1));

        Decision.Retry retry = (Decision.Retry) policy.decide(try_(1), waits, behindALongRetry, NOW);

        assertThat(retry.tier()).isZero();
        assertThat(retry.retry().getDueAt()).isEqualTo(NOW.plus(TIERS.get(1)));
    }

    @Test
    void parkedTriesStillGiveUpAtMaxAge() {
        Instant late = ACCEPTED_AT.plus(Duration.ofHours(25));
        DeliveryAttempt parked = notSent(2, Outcome.RESIGN, "not sent: signer refused to sign: clock untrusted");

        DeadLetter dead = ((Decision.GiveUp) policy.decide(
                        signed(2, late),
                        parked,
                        Classification.transportFailure(Outcome.RESIGN, parked.getError()),
                        late))
                .deadLetter();

        assertThat(dead.getReason()).startsWith("gave up after 1 attempt: accepted 25h ago, max age is 24h");
    }

    @Test
    void retryAfterLongerThanTheTierIsHonoured() {
        Classification tooMany =
                Classification.httpStatus(Outcome.RETRYABLE, 429).withRetryAfter(Duration.ofMinutes(5));

        Decision.Retry retry = (Decision.Retry) decide(try_(1), tooMany, NOW);

        assertThat(retry.retry().getDueAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(retry.tier()).isEqualTo(1);
    }

    @Test
    void jitterStretchesTheTierDelayWithinItsShare() {
        RetryPolicy jittery = new RetryPolicy(
                5,
                Duration.ofHours(24),
                channel -> RetryPolicy.Limits.NONE,
                TIERS,
                0.2,
                () -> 0.5,
                Integer.MAX_VALUE,
                RetryPolicy.Route.NONE);

        Decision.Retry retry =
                (Decision.Retry) jittery.decide(try_(2), attempt(2, Outcome.RETRYABLE, NOW), HTTP_503, NOW);

        assertThat(retry.retry().getDueAt()).isEqualTo(NOW.plus(Duration.ofSeconds(66)));
        assertThat(retry.tier()).isEqualTo(1);
    }

    @Test
    void sameResignCodeRightAfterAFreshSignatureIsPermanent() {
        DeliveryAttempt first = attempt(1, Outcome.RESIGN, NOW.minusSeconds(20));
        first.setProviderCode("19021");
        SignedDelivery second = signed("https://open.feishu.cn/open-apis/bot/v2/hook/x", 2, NOW, List.of(first));
        Classification again = new Classification(
                Outcome.RESIGN, "Feishu code 19021: sign match fail", 200, "19021", "sign match fail", null);
        DeliveryAttempt attempt = attempt(2, Outcome.RESIGN, NOW);
        attempt.setProviderCode("19021");

        DeadLetter dead = ((Decision.GiveUp) policy.decide(second, attempt, again, NOW)).deadLetter();

        assertThat(dead.getFinalOutcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(dead.getReason()).startsWith("re-signed with a fresh timestamp and rejected again");
    }

    @Test
    void repeatedTlsHandshakeFailureIsDeadLetteredAfterTheBound() {
        RetryPolicy policy = new RetryPolicy(
                5,
                Duration.ofHours(24),
                channel -> RetryPolicy.Limits.NONE,
                TIERS,
                0,
                () -> 0,
                2,
                RetryPolicy.Route.NONE);
        String handshake = "TLS handshake with hooks.example.com:443 failed: Received fatal alert: handshake_failure";
        DeliveryAttempt first = notSent(1, Outcome.RETRYABLE, handshake);
        Classification failure = Classification.transportFailure(Outcome.RETRYABLE, handshake);

        assertThat(policy.decide(try_(1), first, failure, NOW)).isInstanceOf(Decision.Retry.class);
        SignedDelivery second = signed("https://hooks.example.com/x", 2, NOW, List.of(first));
        DeadLetter dead = ((Decision.GiveUp)
                        policy.decide(second, notSent(2, Outcome.RETRYABLE, handshake), failure, NOW))
                .deadLetter();
        assertThat(dead.getReason()).startsWith("gave up after 2 TLS handshake failures in a row");
    }

    private static DeliveryAttempt notSent(int number, Outcome outcome, String error) {
        DeliveryAttempt attempt = attempt(number, outcome, NOW);
        attempt.setHttpStatus(null);
        attempt.setError(error);
        return attempt;
    }

    @Test
    void durationsReadLikeAPersonWouldWriteThem() {
        assertThat(RetryPolicy.human(Duration.ofHours(26))).isEqualTo("26h");
        assertThat(RetryPolicy.human(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(RetryPolicy.human(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(RetryPolicy.human(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(RetryPolicy.human(Duration.ZERO)).isEqualTo("0s");
    }

    /** A route from the fixtures' channel to "wecom-ops" and no further. */
    private static final RetryPolicy.Route TO_WECOM =
            (notification, reason, now) -> notification.getChannel().equals(Fixtures.CHANNEL)
                    ? java.util.Optional.of(io.herald.schema.AcceptedNotification.newBuilder(notification)
                            .setChannel("wecom-ops")
                            .setProvider("wecom")
                            .setRoute(new io.herald.schema.RouteLineage(
                                    Fixtures.CHANNEL,
                                    List.of(new io.herald.schema.RouteHop(Fixtures.CHANNEL, "wecom-ops", reason, now))))
                            .build())
                    : java.util.Optional.empty();

    private final RetryPolicy routed = new RetryPolicy(
            2, Duration.ofHours(24), channel -> RetryPolicy.Limits.NONE, TIERS, 0, () -> 0, 3, TO_WECOM);

    @Test
    void aPermanentFailureGoesOnToTheNextChannelOfTheRouteAtOnceInsteadOfTheDeadLetters() {
        SignedDelivery first = try_(1);

        Decision decision = routed.decide(first, attempt(1, Outcome.PERMANENT, NOW), SIGN_NOT_MATCH, NOW);

        assertThat(decision).isInstanceOfSatisfying(Decision.Reroute.class, reroute -> {
            assertThat(reroute.toChannel()).isEqualTo("wecom-ops");
            assertThat(reroute.retry().getDueAt()).isEqualTo(NOW);
            assertThat(reroute.retry().getNextAttempt()).isEqualTo(2);
            assertThat(reroute.retry().getPriorAttempts())
                    .extracting(DeliveryAttempt::getAttempt)
                    .containsExactly(1);
            assertThat(reroute.retry()
                            .getNotification()
                            .getRoute()
                            .getHops()
                            .getFirst()
                            .getReason())
                    .isEqualTo(Fixtures.CHANNEL + ": DingTalk errcode 310000: sign not match");
        });
    }

    @Test
    void eachChannelOfARouteHasItsOwnMaxAttemptsAndTheLastOneDeadLetters() {
        // two tries on the first channel used its max-attempts: on to the fallback
        SignedDelivery second = signed(
                "https://oapi.dingtalk.com/robot/send",
                2,
                NOW.minusSeconds(1),
                List.of(attempt(1, Outcome.RETRYABLE, NOW)));
        assertThat(routed.decide(second, attempt(2, Outcome.RETRYABLE, NOW), HTTP_503, NOW))
                .isInstanceOf(Decision.Reroute.class);

        // the fallback's first try: two sent before, on another channel, do not count against it
        DeliveryAttempt onWeCom = attempt(3, Outcome.RETRYABLE, NOW);
        onWeCom.setChannel("wecom-ops");
        SignedDelivery third = SignedDelivery.newBuilder(signed(
                        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send",
                        3,
                        NOW.minusSeconds(1),
                        List.of(attempt(1, Outcome.RETRYABLE, NOW), attempt(2, Outcome.RETRYABLE, NOW))))
                .setNotification(io.herald.schema.AcceptedNotification.newBuilder(Fixtures.notification(ACCEPTED_AT))
                        .setChannel("wecom-ops")
                        .build())
                .build();
        assertThat(routed.decide(third, onWeCom, HTTP_503, NOW)).isInstanceOf(Decision.Retry.class);

        // its second try ends the route: the dead letter
        DeliveryAttempt againOnWeCom = attempt(4, Outcome.RETRYABLE, NOW);
        againOnWeCom.setChannel("wecom-ops");
        SignedDelivery fourth = SignedDelivery.newBuilder(third)
                .setAttempt(4)
                .setPriorAttempts(
                        List.of(attempt(1, Outcome.RETRYABLE, NOW), attempt(2, Outcome.RETRYABLE, NOW), onWeCom))
                .build();
        assertThat(routed.decide(fourth, againOnWeCom, HTTP_503, NOW))
                .isInstanceOfSatisfying(
                        Decision.GiveUp.class,
                        giveUp -> assertThat(giveUp.deadLetter().getReason()).startsWith("gave up after 2 attempts"));
    }

    @Test
    void aCircuitOpenLongerThanTheChannelsFallbackAfterOpenSendsItOnAlongItsRoute() {
        RetryPolicy policy = new RetryPolicy(
                5,
                Duration.ofHours(24),
                channel -> new RetryPolicy.Limits(null, null, Duration.ofMinutes(5)),
                TIERS,
                0,
                () -> 0,
                3,
                TO_WECOM);
        Classification open = Classification.transportFailure(
                Outcome.RETRYABLE, RetryPolicy.NOT_SENT + "circuit open for oapi.dingtalk.com");
        DeliveryAttempt parked = attempt(1, Outcome.RETRYABLE, NOW);
        parked.setError(open.error());
        parked.setHttpStatus(null);

        assertThat(policy.decide(try_(1), parked, open, NOW.minus(Duration.ofMinutes(4)), NOW))
                .isInstanceOf(Decision.Retry.class);
        assertThat(policy.decide(try_(1), parked, open, NOW.minus(Duration.ofMinutes(5)), NOW))
                .isInstanceOfSatisfying(Decision.Reroute.class, reroute -> {
                    assertThat(reroute.toChannel()).isEqualTo("wecom-ops");
                    assertThat(reroute.retry()
                                    .getNotification()
                                    .getRoute()
                                    .getHops()
                                    .getFirst()
                                    .getReason())
                            .startsWith(Fixtures.CHANNEL + ": circuit open since ");
                });
        // without fallbackAfterOpen an open circuit only parks
        assertThat(routed.decide(try_(1), parked, open, NOW.minus(Duration.ofHours(1)), NOW))
                .isInstanceOf(Decision.Retry.class);
    }
}
