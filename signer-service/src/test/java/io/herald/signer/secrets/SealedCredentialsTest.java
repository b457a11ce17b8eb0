package io.herald.signer.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.channel.Channel;
import io.herald.contract.secret.SecretUnavailableException;
import io.herald.provider.webhook.StandardWebhookSigner;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChannelSecret;
import io.herald.schema.ChannelState;
import io.herald.schema.SealedSecrets;
import io.herald.signer.ChangingChannels;
import io.herald.signer.Fixtures;
import io.herald.signer.MutableClock;
import io.herald.signer.signing.RequestSigning;
import io.herald.signer.signing.SigningHealthIndicator;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Secrets submitted through the channel API reach the provider signers: a credential's sealed secrets are opened and
 * used instead of its reference (all of them for Standard Webhooks, the newest otherwise); one that cannot be opened
 * is a permanent refusal naming the channel, credential, secret and key, never a value.
 */
class SealedCredentialsTest {

    private static final Instant AT = Instant.parse("2026-03-01T08:00:00Z");
    private static final String OLD_SECRET = "SECold0000000000000000000000000000000000000000000000000000000000000";
    private static final String WHSEC_A = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String WHSEC_B = "whsec_AAECAwQFBgcICQoLDA0ODw==";
    private static final String WHSEC_ENV = "whsec_ZW52aXJvbm1lbnQtc2VjcmV0LWtleQ==";

    private final ChannelSecrets keys = new ChannelSecrets(Map.of("c1", key(1)), "c1");
    private final ChangingChannels channels = new ChangingChannels();
    private final Map<String, String> environment =
            Map.of("HERALD_OPS_TOKEN", Fixtures.OPS_TOKEN, "HERALD_OPS_SECRET", OLD_SECRET, "HOOK_SECRET", WHSEC_ENV);

    private RequestSigning signing(ChannelSecrets secrets) {
        return Fixtures.requestSigning(
                channels,
                environment::get,
                secrets,
                Fixtures.syncedClock(new MutableClock(AT)),
                null,
                new SigningHealthIndicator());
    }

    @Test
    void aSealedSecretSignsInsteadOfTheReference() {
        channels.put(
                "ops",
                2,
                ChannelState.ACTIVE,
                Fixtures.dingTalkChannel(),
                secrets("ops", "secret", Fixtures.OPS_SECRET));

        String url = signedUrl(signing(keys), "ops");

        assertThat(url).isEqualTo(referenceSignedUrl(Fixtures.OPS_SECRET));
        assertThat(url).isNotEqualTo(referenceSignedUrl(OLD_SECRET));
    }

    @Test
    void withSeveralSecretsAProviderThatSignsOnceUsesTheNewest() {
        channels.put(
                "ops",
                3,
                ChannelState.ACTIVE,
                Fixtures.dingTalkChannel(),
                secrets("ops", "secret", OLD_SECRET, Fixtures.OPS_SECRET));

        assertThat(signedUrl(signing(keys), "ops")).isEqualTo(referenceSignedUrl(Fixtures.OPS_SECRET));
    }

    @Test
    void withSeveralSecretsStandardWebhooksSignsWithEveryOne() {
        channels.put(
                "hooks",
                3,
                ChannelState.ACTIVE,
                new Channel(
                        "webhook",
                        URI.create("https://example.org/hooks"),
                        Map.of("secret", "env:HOOK_SECRET"),
                        null,
                        null),
                secrets("hooks", "secret", WHSEC_A, WHSEC_B));

        RequestSigning.Result result =
                signing(keys).sign(notification("hooks", "webhook"), 1, List.of(), Optional.of(AT));

        Map<String, String> headers = result.delivery().getRequest().getHeaders();
        byte[] body = bytes(result.delivery().getRequest().getBody());
        String id = headers.get("webhook-id");
        long seconds = AT.getEpochSecond();
        assertThat(headers.get("webhook-signature"))
                .isEqualTo(StandardWebhookSigner.sign(key(WHSEC_A), id, seconds, body) + " "
                        + StandardWebhookSigner.sign(key(WHSEC_B), id, seconds, body))
                .doesNotContain(StandardWebhookSigner.sign(key(WHSEC_ENV), id, seconds, body));
    }

    @Test
    void aSecretSealedWithAKeyThisSignerDoesNotHoldIsRefusedForGoodNamingChannelCredentialAndKey() {
        ChannelSecrets elsewhere = new ChannelSecrets(Map.of("c9", key(9)), "c9");
        channels.put(
                "ops",
                2,
                ChannelState.ACTIVE,
                Fixtures.dingTalkChannel(),
                Map.of("secret", List.of(secret("s1", elsewhere.seal("ops", "secret", Fixtures.OPS_SECRET)))));

        RequestSigning.Result result = signing(keys).sign(notification("ops", "dingtalk"), 1, List.of());

        assertThat(result.cause()).isEqualTo(RequestSigning.RefusalCause.UNSIGNABLE);
        assertThat(result.delivery().getRefusal().getPermanent()).isTrue();
        assertThat(result.delivery().getRefusal().getReason())
                .isEqualTo("herald.channels.ops.credentials.secret: sealed secret s1 (key 'c9') cannot be opened: "
                        + "this signer does not hold that key (herald.signer.channel-secrets.keys: [c1])");
    }

    @Test
    void aSecretSealedForAnotherChannelDoesNotOpenHere() {
        channels.put(
                "ops",
                2,
                ChannelState.ACTIVE,
                Fixtures.dingTalkChannel(),
                Map.of("secret", List.of(secret("s1", keys.seal("other", "secret", Fixtures.OPS_SECRET)))));

        RequestSigning.Result result = signing(keys).sign(notification("ops", "dingtalk"), 1, List.of());

        assertThat(result.delivery().getRefusal().getPermanent()).isTrue();
        assertThat(result.delivery().getRefusal().getReason())
                .startsWith("herald.channels.ops.credentials.secret: sealed secret s1 (key 'c1') cannot be opened: ")
                .doesNotContain(Fixtures.OPS_SECRET);
    }

    @Test
    void withoutChannelSecretKeysASealedSecretIsRefusedAndReferencesStillSign() {
        channels.put(
                "ops",
                2,
                ChannelState.ACTIVE,
                Fixtures.dingTalkChannel(),
                secrets("ops", "secret", Fixtures.OPS_SECRET));
        channels.put("plain", 1, ChannelState.ACTIVE, Fixtures.dingTalkChannel());
        RequestSigning signing = signing(ChannelSecrets.none());

        RequestSigning.Result sealed = signing.sign(notification("ops", "dingtalk"), 1, List.of());
        RequestSigning.Result plain = signing.sign(notification("plain", "dingtalk"), 1, List.of());

        assertThat(sealed.delivery().getRefusal().getReason())
                .isEqualTo("herald.channels.ops.credentials.secret: sealed secret s1 (key 'c1') cannot be opened: "
                        + "this signer has no channel-secrets key (herald.signer.channel-secrets.keys)");
        assertThat(plain.refused()).isFalse();
    }

    @Test
    void theReservedVariableAnswersNothingOutsideASignature() {
        ChannelCredentials credentials = new ChannelCredentials(keys, environment::get);

        assertThatThrownBy(() -> credentials.resolver().resolve("p", "env:" + ChannelCredentials.RESERVED + "secret"))
                .isInstanceOf(SecretUnavailableException.class);
        assertThat(credentials.resolver().resolve("p", "env:HOOK_SECRET")).isEqualTo(WHSEC_ENV);
    }

    private String signedUrl(RequestSigning signing, String channel) {
        RequestSigning.Result result = signing.sign(notification(channel, "dingtalk"), 1, List.of(), Optional.of(AT));
        assertThat(result.refused())
                .as(String.valueOf(result.delivery().getRefusal()))
                .isFalse();
        return result.delivery().getRequest().getUrl();
    }

    /** The URL the seed's way (a reference to {@code secret}) gives at the same instant. */
    private String referenceSignedUrl(String secret) {
        ChangingChannels plain = new ChangingChannels().put("ops", 0, ChannelState.ACTIVE, Fixtures.dingTalkChannel());
        RequestSigning signing = Fixtures.requestSigning(
                plain,
                Map.of("HERALD_OPS_TOKEN", Fixtures.OPS_TOKEN, "HERALD_OPS_SECRET", secret)::get,
                ChannelSecrets.none(),
                Fixtures.syncedClock(new MutableClock(AT)),
                null,
                new SigningHealthIndicator());
        return signing.sign(notification("ops", "dingtalk"), 1, List.of(), Optional.of(AT))
                .delivery()
                .getRequest()
                .getUrl();
    }

    /** {@code values} sealed for {@code credential} of {@code channel}, oldest first: s1, s2, … */
    private Map<String, List<ChannelSecret>> secrets(String channel, String credential, String... values) {
        List<ChannelSecret> sealed = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            sealed.add(secret("s" + (i + 1), keys.seal(channel, credential, values[i])));
        }
        return Map.of(credential, sealed);
    }

    private static ChannelSecret secret(String id, SealedSecrets sealed) {
        return ChannelSecret.newBuilder()
                .setId(id)
                .setSealed(sealed)
                .setAddedBy("oncall-alice")
                .setAddedAt(AT)
                .build();
    }

    private static AcceptedNotification notification(String channel, String provider) {
        return AcceptedNotification.newBuilder(Fixtures.accepted("n-1"))
                .setChannel(channel)
                .setProvider(provider)
                .build();
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return key;
    }

    private static byte[] key(String whsec) {
        return StandardWebhookSigner.keys("hooks", whsec).getFirst();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
