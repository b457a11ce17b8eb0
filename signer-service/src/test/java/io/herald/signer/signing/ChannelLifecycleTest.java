package io.herald.signer.signing;

import static io.herald.signer.Fixtures.accepted;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.Channel;
import io.herald.contract.provider.Provider;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChannelState;
import io.herald.schema.SignedDelivery;
import io.herald.signer.ChangingChannels;
import io.herald.signer.Fixtures;
import io.herald.signer.MutableClock;
import io.herald.signer.RecordingPublisher;
import io.herald.signer.secrets.ChannelSecrets;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/**
 * A channel as {@code herald.channels} changes it, seen by the signer at every signature: disabled (parks), enabled
 * again, deleted (dead-lettered), its endpoint changed, created later with a credential that does not resolve.
 */
class ChannelLifecycleTest {

    private final Map<String, String> environment = new HashMap<>(Fixtures.ENVIRONMENT);
    private final ChangingChannels channels = new ChangingChannels();
    private final SigningHealthIndicator health = new SigningHealthIndicator();
    private final RequestSigning signing = Fixtures.requestSigning(
            channels,
            environment::get,
            ChannelSecrets.none(),
            Fixtures.syncedClock(new MutableClock(Instant.parse("2026-03-01T08:00:00Z"))),
            null,
            health);

    @Test
    void aDisabledChannelIsRefusedToWaitNamingItsVersionAndIsNoHealthProblem() {
        channels.put("ops", 3, ChannelState.DISABLED, Fixtures.dingTalkChannel());

        RequestSigning.Result result = signing.sign(accepted("n-1"), 2, List.of());

        assertThat(result.refused()).isTrue();
        assertThat(result.cause()).isEqualTo(RequestSigning.RefusalCause.DISABLED);
        assertThat(result.delivery().getRefusal().getPermanent()).isFalse();
        // the dispatcher labels the wait by it: a disabled channel, not an untrusted clock
        assertThat(result.delivery().getRefusal().getCause()).isEqualTo("channel_disabled");
        assertThat(result.delivery().getRefusal().getReason()).isEqualTo("channel 'ops' is disabled (version 3)");
        assertThat(result.provider()).contains(Provider.of("dingtalk"));
        assertThat(result.delivery().getRequest().getUrl()).isEqualTo("https://oapi.dingtalk.com/robot/send");
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void enabledAgainTheChannelIsSignedAtTheNextTry() {
        channels.put("ops", 3, ChannelState.DISABLED, Fixtures.dingTalkChannel());
        assertThat(signing.sign(accepted("n-1"), 2, List.of()).refused()).isTrue();

        channels.put("ops", 4, ChannelState.ACTIVE, Fixtures.dingTalkChannel());
        RequestSigning.Result result = signing.sign(accepted("n-1"), 3, List.of());

        assertThat(result.refused()).isFalse();
        assertThat(result.delivery().getRequest().getUrl())
                .startsWith("https://oapi.dingtalk.com/robot/send?access_token=" + Fixtures.OPS_TOKEN);
    }

    @Test
    void aDeletedChannelIsWrittenAsAPermanentRefusalOnItsProvidersTopicNotThrown() {
        channels.put("ops", 5, ChannelState.DELETED, Fixtures.dingTalkChannel());
        RecordingPublisher publisher = new RecordingPublisher();

        new DeliverySigner(signing, publisher).signFirstAttempt(accepted("n-1"));

        assertThat(publisher.published()).singleElement().satisfies(published -> {
            assertThat(published.provider()).isEqualTo(Provider.of("dingtalk"));
            SignedDelivery delivery = published.delivery();
            assertThat(delivery.getRefusal().getPermanent()).isTrue();
            assertThat(delivery.getRefusal().getReason()).isEqualTo("channel 'ops' was deleted (version 5)");
        });
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aChangedEndpointAppliesFromTheNextSignature() {
        channels.put("ops", 1, ChannelState.ACTIVE, Fixtures.dingTalkChannel());
        assertThat(signing.sign(accepted("n-1"), 1, List.of())
                        .delivery()
                        .getRequest()
                        .getUrl())
                .startsWith("https://oapi.dingtalk.com/robot/send?");

        channels.put("ops", 2, ChannelState.ACTIVE, withEndpoint("https://dingtalk.example.org/robot/send"));

        assertThat(signing.sign(accepted("n-1"), 2, List.of())
                        .delivery()
                        .getRequest()
                        .getUrl())
                .startsWith("https://dingtalk.example.org/robot/send?access_token=" + Fixtures.OPS_TOKEN);
    }

    @Test
    void aChannelArrivingWithoutItsCredentialIsRefusedForGoodNamingThePropertyUntilItIsThere() {
        channels.put("ops", 1, ChannelState.ACTIVE, withSecret("env:HERALD_LATE_SECRET"));

        RequestSigning.Result refused = signing.sign(accepted("n-1"), 1, List.of());

        assertThat(refused.cause()).isEqualTo(RequestSigning.RefusalCause.UNSIGNABLE);
        assertThat(refused.delivery().getRefusal().getPermanent()).isTrue();
        assertThat(refused.delivery().getRefusal().getReason())
                .isEqualTo(
                        "herald.channels.ops.credentials.secret: environment variable HERALD_LATE_SECRET is not set");
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);

        environment.put("HERALD_LATE_SECRET", Fixtures.OPS_SECRET);

        assertThat(signing.sign(accepted("n-2"), 1, List.of()).refused()).isFalse();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aChannelArrivingWithAMalformedSecretIsRefusedNamingThePropertyNotTheValue() {
        environment.put("HOOK_SECRET", "hunter2-not-a-whsec");
        channels.put(
                "hooks",
                1,
                ChannelState.ACTIVE,
                new Channel(
                        "webhook",
                        URI.create("https://example.org/hooks"),
                        Map.of("secret", "env:HOOK_SECRET"),
                        null,
                        null));

        RequestSigning.Result refused = signing.sign(
                AcceptedNotification.newBuilder(Fixtures.accepted("n-1"))
                        .setChannel("hooks")
                        .setProvider("webhook")
                        .build(),
                1,
                List.of());

        assertThat(refused.delivery().getRefusal().getPermanent()).isTrue();
        assertThat(refused.delivery().getRefusal().getReason())
                .isEqualTo("herald.channels.hooks.credentials.secret: must start with whsec_")
                .doesNotContain("hunter2");
    }

    @Test
    void aNameNeitherTheSeedNorTheTopicKnowsIsRefusedForGood() {
        RequestSigning.Result result = signing.sign(accepted("n-1"), 1, List.of());

        assertThat(result.cause()).isEqualTo(RequestSigning.RefusalCause.UNKNOWN_CHANNEL);
        assertThat(result.delivery().getRefusal().getPermanent()).isTrue();
        assertThat(result.delivery().getRefusal().getReason())
                .isEqualTo("herald.channels.ops: channel is not in this signer's channel catalog");
    }

    private static Channel withEndpoint(String endpoint) {
        Channel ops = Fixtures.dingTalkChannel();
        return new Channel(ops.provider(), URI.create(endpoint), ops.credentials(), null, null);
    }

    private static Channel withSecret(String reference) {
        Channel ops = Fixtures.dingTalkChannel();
        return new Channel(
                ops.provider(),
                ops.endpoint(),
                Map.of("access-token", "env:HERALD_OPS_TOKEN", "secret", reference),
                null,
                null);
    }
}
