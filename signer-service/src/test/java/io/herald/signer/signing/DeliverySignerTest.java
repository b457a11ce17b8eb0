package io.herald.signer.signing;

import static io.herald.signer.Fixtures.accepted;
import static io.herald.signer.Fixtures.failedAttempt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.provider.Provider;
import io.herald.contract.tracing.PollTraces;
import io.herald.provider.spi.signing.UnsignableNotificationException;
import io.herald.schema.SignedDelivery;
import io.herald.signer.Fixtures;
import io.herald.signer.MutableClock;
import io.herald.signer.RecordingPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class DeliverySignerTest {

    private final Map<String, String> environment = new HashMap<>(Fixtures.ENVIRONMENT);
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00.123456Z"));
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final SigningHealthIndicator health = new SigningHealthIndicator();
    private final DeliverySigner signer = signer(Fixtures.catalog());

    private DeliverySigner signer(ChannelCatalog catalog) {
        return new DeliverySigner(
                Fixtures.requestSigning(catalog, environment::get, Fixtures.syncedClock(clock), null, health),
                publisher);
    }

    @Test
    void firstAttemptIsSignedWithTheClockAndWrittenToItsProviderTopicKeyedByChannel() {
        signer.signFirstAttempt(accepted("n-1"));

        assertThat(publisher.published()).singleElement().satisfies(published -> {
            assertThat(published.provider()).isEqualTo(Provider.of("dingtalk"));
            assertThat(published.key()).isEqualTo("ops");
            SignedDelivery delivery = published.delivery();
            assertThat(delivery.getNotification()).isEqualTo(accepted("n-1"));
            assertThat(delivery.getAttempt()).isEqualTo(1);
            assertThat(delivery.getPriorAttempts()).isEmpty();
            // Avro keeps milliseconds: signedAt is exactly the timestamp in the signed URL
            assertThat(delivery.getSignedAt()).isEqualTo(Instant.parse("2025-03-01T08:00:00.123Z"));
            assertThat(delivery.getRequest().getUrl()).contains("&timestamp=1740816000123&sign=");
        });
    }

    @Test
    void dingTalkSignatureIsValidForOneHour() {
        SignedDelivery delivery = signer.signFirstAttempt(accepted("n-2"));

        assertThat(Duration.between(delivery.getSignedAt(), delivery.getNotAfter()))
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void laterAttemptCarriesItsNumberAndPriorAttempts() {
        var prior = List.of(failedAttempt("n-3", 1, Instant.parse("2025-03-01T07:00:00Z")));

        SignedDelivery delivery = signer.signAndPublish(accepted("n-3"), 2, prior);

        assertThat(delivery.getAttempt()).isEqualTo(2);
        assertThat(delivery.getPriorAttempts()).isEqualTo(prior);
        assertThat(publisher.published()).extracting(p -> p.delivery()).containsExactly(delivery);
    }

    @Test
    void missingSecretIsRefusedPermanentlyNamingThePropertyAndClearedByTheNextSignature() {
        environment.remove("HERALD_OPS_SECRET");

        SignedDelivery refused = signer.signFirstAttempt(accepted("n-4"));

        assertThat(refused.getRefusal().getPermanent()).isTrue();
        assertThat(refused.getRefusal().getReason())
                .isEqualTo("herald.channels.ops.credentials.secret: environment variable HERALD_OPS_SECRET is not set");
        assertThat(refused.getRequest().getUrl())
                .doesNotContain(Fixtures.OPS_TOKEN)
                .doesNotContain("sign=");
        assertThat(publisher.published()).extracting(p -> p.provider()).containsExactly(Provider.of("dingtalk"));
        Health down = health.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails())
                .extractingByKey("cannotSign")
                .asString()
                .contains("ops")
                .contains("environment variable HERALD_OPS_SECRET is not set")
                .doesNotContain(Fixtures.OPS_TOKEN);

        environment.put("HERALD_OPS_SECRET", Fixtures.OPS_SECRET);
        SignedDelivery signed = signer.signFirstAttempt(accepted("n-4"));

        assertThat(signed.getRefusal()).isNull();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(publisher.published()).hasSize(2);
    }

    @Test
    void channelMissingFromTheCatalogIsRefusedPermanentlyOnItsProvidersTopic() {
        DeliverySigner withoutOps = signer(new ChannelCatalog(Map.of()));

        SignedDelivery refused = withoutOps.signFirstAttempt(accepted("n-5"));

        assertThat(refused.getRefusal().getPermanent()).isTrue();
        assertThat(refused.getRefusal().getReason())
                .isEqualTo("herald.channels.ops: channel is not in this signer's channel catalog");
        assertThat(publisher.published()).extracting(p -> p.provider()).containsExactly(Provider.of("dingtalk"));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void unknownProviderAndUnknownChannelCannotBeSignedAnywhere() {
        DeliverySigner withoutOps = signer(new ChannelCatalog(Map.of()));
        var notification = accepted("n-7");
        notification.setProvider("pigeon");

        assertThatThrownBy(() -> withoutOps.signFirstAttempt(notification))
                .isInstanceOf(UnsignableNotificationException.class)
                .hasMessageContaining("unknown provider 'pigeon'");
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void unsignableContentIsNotAChannelHealthProblem() {
        assertThatThrownBy(() -> signer.signFirstAttempt(accepted("n-6", Fixtures.apiCall())))
                .isInstanceOf(UnsignableNotificationException.class);

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void aPollOfFirstAttemptsIsSignedAndWrittenInOrder() {
        signer.signFirstAttempts(
                java.util.List.of(accepted("n-8"), accepted("n-9"), accepted("n-10")), PollTraces.none(3));

        assertThat(publisher.published())
                .extracting(p -> p.delivery().getNotification().getNotificationId())
                .containsExactly("n-8", "n-9", "n-10");
    }

    @Test
    void anUnsignableNotificationInAPollFailsAtItsIndexAfterTheOnesBeforeItAreWritten() {
        var poll = java.util.List.of(accepted("n-11"), accepted("n-12", Fixtures.apiCall()), accepted("n-13"));

        assertThatThrownBy(() -> signer.signFirstAttempts(poll, PollTraces.none(poll.size())))
                .isInstanceOfSatisfying(
                        org.springframework.kafka.listener.BatchListenerFailedException.class,
                        e -> assertThat(e.getIndex()).isEqualTo(1))
                .hasCauseInstanceOf(UnsignableNotificationException.class);
        assertThat(publisher.published())
                .extracting(p -> p.delivery().getNotification().getNotificationId())
                .containsExactly("n-11");
    }
}
