package io.herald.provider.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.channel.Channel;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.ChannelMisconfiguredException;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.Source;
import io.herald.signer.Fixtures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhookSignerTest {

    /**
     * The Standard Webhooks reference libraries' signing vector (e.g.
     * https://github.com/standard-webhooks/standard-webhooks/blob/main/libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java,
     * {@code verifyWebhookSignWorks}).
     */
    @Test
    void signatureMatchesTheReferenceLibrariesVector() {
        byte[] key = StandardWebhookSigner.keys("hooks", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .getFirst();

        String signature = StandardWebhookSigner.sign(
                key,
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void severalSecretsDuringRotationGiveOneKeyEach() {
        assertThat(StandardWebhookSigner.keys("hooks", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, whsec_AAECAwQF"))
                .hasSize(2);
    }

    @Test
    void secretWithoutPrefixIsMisconfiguredNamingThePropertyNotTheValue() {
        assertThatThrownBy(() -> StandardWebhookSigner.keys("hooks", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .isInstanceOf(ChannelMisconfiguredException.class)
                .hasMessage("herald.channels.hooks.credentials.secret: must start with whsec_")
                .hasMessageNotContaining("MfKQ9r8");
    }

    @Test
    void secretThatIsNotBase64IsMisconfiguredNamingWhichOfTheList() {
        assertThatThrownBy(() -> StandardWebhookSigner.keys("hooks", "whsec_AAECAwQF,whsec_not*base64!"))
                .isInstanceOf(ChannelMisconfiguredException.class)
                .hasMessage("herald.channels.hooks.credentials.secret (secret 2 of 2): is not Base64 after whsec_");
    }

    @Test
    void previewShowsIdTimestampAndBodyAsTheStringToSignAndTheEndpointMasked() {
        StandardWebhookSigner signer = new StandardWebhookSigner(
                new SecretResolver(Map.of("HOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")::get));
        Channel channel = new Channel(
                "webhook",
                URI.create("https://example.org/hooks;token=abc123"),
                Map.of("secret", "env:HOOK_SECRET"),
                null,
                null);
        AcceptedNotification notification = AcceptedNotification.newBuilder()
                .setNotificationId("n.1")
                .setChannel("hooks")
                .setProvider("webhook")
                .setContent(Fixtures.text("disk \"full\""))
                .setSource(Source.HTTP)
                .setAcceptedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setAttributes(Map.of("b", "2", "a", "1"))
                .build();

        SignedRequest signed = signer.sign(notification, channel, Instant.ofEpochSecond(1767232800));

        String body =
                "{\"type\":\"herald.notification\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{\"id\":\"n.1\","
                        + "\"channel\":\"hooks\",\"text\":\"disk \\\"full\\\"\",\"format\":\"text\",\"attributes\":{\"a\":\"1\",\"b\":\"2\"}}}";
        assertThat(StandardCharsets.UTF_8
                        .decode(signed.call().getBody().duplicate())
                        .toString())
                .isEqualTo(body);
        assertThat(signed.stringToSign()).isEqualTo("msg_n~1.1767232800." + body);
        assertThat(signed.maskedUrl()).isEqualTo("https://example.org/hooks;token=***");
        assertThat(signed.call().getUrl()).isEqualTo("https://example.org/hooks;token=abc123");
    }

    @Test
    void messageIdStaysTheSameAcrossRetriesAndHoldsNoFullStop() {
        assertThat(StandardWebhookSigner.messageId("order.42")).isEqualTo("msg_order~42");
    }
}
