package io.herald.signer.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.secret.SecretResolver;
import io.herald.contract.secret.SecretUnavailableException;
import io.herald.schema.ChannelSecret;
import io.herald.schema.SealedSecrets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelSecretsTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void aSecretOpensForItsChannelAndCredentialOnly() {
        ChannelSecrets secrets = fromEnvironment(Map.of("CHANNEL_KEY", KEY), "c1");
        SealedSecrets sealed = secrets.seal("ops", "secret", "SECabc");

        assertThat(sealed.getKeyId()).isEqualTo("c1");
        assertThat(secrets.open("ops", "secret", secret(sealed))).isEqualTo("SECabc");
        assertThatThrownBy(() -> secrets.open("ops2", "secret", secret(sealed)))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageStartingWith("herald.channels.ops2.credentials.secret: sealed secret s1 (key 'c1')");
        assertThatThrownBy(() -> secrets.open("ops", "access-token", secret(sealed)))
                .isInstanceOf(SecretUnavailableException.class);
        assertThat(ChannelSecrets.associatedData("ops", "secret")).isEqualTo("herald.channels/ops/secret");
    }

    @Test
    void withKeysButNoActiveKeyNothingIsSealedAndWhatWasSealedStillOpens() {
        SealedSecrets sealed = fromEnvironment(Map.of("CHANNEL_KEY", KEY), "c1").seal("ops", "secret", "SECabc");

        ChannelSecrets retiring = fromEnvironment(Map.of("CHANNEL_KEY", KEY), null);

        assertThat(retiring.canSeal()).isFalse();
        assertThat(retiring.open("ops", "secret", secret(sealed))).isEqualTo("SECabc");
    }

    @Test
    void badKeysFailTheStartNamingTheProperty() {
        assertThatThrownBy(() -> fromEnvironment(Map.of("CHANNEL_KEY", "not base64!"), "c1"))
                .hasMessage("herald.signer.channel-secrets.keys.c1: the key is not valid Base64");
        assertThatThrownBy(() -> fromEnvironment(Map.of("CHANNEL_KEY", "AAEC"), "c1"))
                .hasMessage("herald.signer.channel-secrets.keys.c1: an AES key is 16, 24 or 32 bytes, this one is 3");
        assertThatThrownBy(() -> fromEnvironment(Map.of("CHANNEL_KEY", KEY), "c2"))
                .hasMessage("herald.signer.channel-secrets.active-key: 'c2' is not one of the configured "
                        + "herald.signer.channel-secrets.keys [c1]");
        assertThatThrownBy(() -> fromEnvironment(Map.of(), "c1"))
                .hasMessage("herald.signer.channel-secrets.keys.c1: environment variable CHANNEL_KEY is not set");
    }

    @Test
    void withoutKeysTheSignerStartsAndSealsNothing() {
        ChannelSecrets none =
                ChannelSecrets.from(new ChannelSecretsProperties(Map.of(), null), new SecretResolver(v -> null));

        assertThat(none.canSeal()).isFalse();
        assertThat(none.activeKey()).isEmpty();
    }

    private static ChannelSecrets fromEnvironment(Map<String, String> environment, String activeKey) {
        return ChannelSecrets.from(
                new ChannelSecretsProperties(Map.of("c1", "env:CHANNEL_KEY"), activeKey),
                new SecretResolver(environment::get));
    }

    private static ChannelSecret secret(SealedSecrets sealed) {
        return ChannelSecret.newBuilder()
                .setId("s1")
                .setSealed(sealed)
                .setAddedBy("oncall-alice")
                .setAddedAt(Instant.parse("2026-03-01T08:00:00Z"))
                .build();
    }
}
