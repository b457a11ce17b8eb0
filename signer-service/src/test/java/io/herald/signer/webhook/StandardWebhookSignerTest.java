package io.herald.signer.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.signer.signing.ChannelMisconfiguredException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StandardWebhookSignerTest {

    /**
     * The Standard Webhooks reference libraries' signing vector (e.g.
     * https://github.com/standard-webhooks/standard-webhooks/blob/main/libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java,
     * {@code verifyWebhookSignWorks}).
     */
    @Test
    void signatureMatchesTheReferenceLibrariesVector() {
        byte[] key = StandardWebhookSigner.keys("hooks", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").getFirst();

        String signature = StandardWebhookSigner.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void severalSecretsDuringRotationGiveOneKeyEach() {
        assertThat(StandardWebhookSigner.keys("hooks", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, whsec_AAECAwQF")).hasSize(2);
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
    void messageIdStaysTheSameAcrossRetriesAndHoldsNoFullStop() {
        assertThat(StandardWebhookSigner.messageId("order.42")).isEqualTo("msg_order~42");
    }
}
