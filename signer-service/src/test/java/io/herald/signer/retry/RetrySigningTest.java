package io.herald.signer.retry;

import static io.herald.signer.Fixtures.accepted;
import static io.herald.signer.Fixtures.failedAttempt;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.DeliveryAttempt;
import io.herald.schema.DeliveryRetry;
import io.herald.schema.SignedDelivery;
import io.herald.signer.Fixtures;
import io.herald.signer.MutableClock;
import io.herald.signer.RecordingPublisher;
import io.herald.signer.signing.DeliverySigner;
import io.herald.signer.signing.SigningHealthIndicator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetrySigningTest {

    private static final Instant NOW = Instant.parse("2025-03-01T08:00:10Z");
    private static final Instant FIRST_SIGNED_AT = Instant.parse("2025-03-01T07:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final RetrySigning retries = retrySigning(clock, publisher);

    static RetrySigning retrySigning(MutableClock clock, RecordingPublisher publisher) {
        DeliverySigner signer = new DeliverySigner(
                Fixtures.requestSigning(
                        Fixtures.catalog(),
                        Fixtures.ENVIRONMENT::get,
                        Fixtures.syncedClock(clock),
                        null,
                        new SigningHealthIndicator()),
                publisher);
        return new RetrySigning(signer, clock, Duration.ofSeconds(5));
    }

    static DeliveryRetry retry(int nextAttempt, Instant dueAt, List<DeliveryAttempt> prior) {
        return DeliveryRetry.newBuilder()
                .setNotification(accepted("n-1"))
                .setNextAttempt(nextAttempt)
                .setDueAt(dueAt)
                .setPriorAttempts(prior)
                .build();
    }

    @Test
    void retryNotDueIsNeitherSignedNorWrittenAndWaitsUntilDue() {
        RetryDecision decision = retries.signIfDue(retry(2, NOW.plusSeconds(2), List.of()));

        assertThat(decision).isEqualTo(new RetryDecision.NotDue(Duration.ofSeconds(2)));
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void longWaitIsCappedSoTheRetryIsCheckedAgain() {
        assertThat(retries.signIfDue(retry(2, NOW.plus(Duration.ofHours(1)), List.of())))
                .isEqualTo(new RetryDecision.NotDue(Duration.ofSeconds(5)));
    }

    @Test
    void subMillisecondWaitStillPauses() {
        // dueAt is whole milliseconds (timestamp-millis); the clock may be finer
        clock.advance(Duration.ofNanos(-300_000));

        assertThat(retries.signIfDue(retry(2, NOW, List.of())))
                .isEqualTo(new RetryDecision.NotDue(Duration.ofMillis(1)));
    }

    @Test
    void dueRetryIsReSignedWithAFreshTimestampAsItsNextAttempt() {
        List<DeliveryAttempt> prior = List.of(
                failedAttempt("n-1", 1, FIRST_SIGNED_AT), failedAttempt("n-1", 2, FIRST_SIGNED_AT.plusSeconds(10)));

        RetryDecision decision = retries.signIfDue(retry(3, NOW, prior));

        assertThat(decision).isInstanceOf(RetryDecision.Signed.class);
        assertThat(publisher.published()).singleElement().satisfies(published -> {
            SignedDelivery delivery = published.delivery();
            assertThat(published.key()).isEqualTo("ops");
            assertThat(delivery.getAttempt()).isEqualTo(3);
            assertThat(delivery.getPriorAttempts()).isEqualTo(prior);
            assertThat(delivery.getSignedAt()).isEqualTo(NOW);
            assertThat(delivery.getNotAfter()).isEqualTo(NOW.plus(Duration.ofHours(1)));
            assertThat(delivery.getRequest().getUrl()).contains("&timestamp=" + NOW.toEpochMilli() + "&sign=");
        });
    }

    @Test
    void retryIsSignedOnceTheClockReachesItsDueTime() {
        DeliveryRetry retry = retry(2, NOW.plusSeconds(3), List.of(failedAttempt("n-1", 1, FIRST_SIGNED_AT)));
        assertThat(retries.signIfDue(retry)).isInstanceOf(RetryDecision.NotDue.class);

        clock.advance(Duration.ofSeconds(3));

        assertThat(retries.signIfDue(retry)).isInstanceOf(RetryDecision.Signed.class);
        assertThat(publisher.published())
                .singleElement()
                .satisfies(p -> assertThat(p.delivery().getSignedAt()).isEqualTo(NOW.plusSeconds(3)));
    }
}
