package io.herald.contract.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.schema.SealedSecrets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CredentialSealerTest {

    private static final byte[] KEY_1 = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_2 = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    private static final Map<String, String> SECRETS = Map.of(
            CredentialSealer.URL,
            "https://oapi.dingtalk.com/robot/send?access_token=tok-123&sign=abc",
            CredentialSealer.HEADER_PREFIX + "Authorization",
            "TOKEN ak:sig");

    @Test
    void sealedSecretsOpenWithTheSameKeyAndRecord() {
        CredentialSealer sealer = new CredentialSealer(Map.of("k1", KEY_1), "k1");

        SealedSecrets sealed = sealer.seal(SECRETS, "n-1:1");

        assertThat(sealed.getKeyId()).isEqualTo("k1");
        assertThat(new String(bytes(sealed.getCiphertext()), StandardCharsets.ISO_8859_1))
                .doesNotContain("tok-123");
        assertThat(sealer.unseal(sealed, "n-1:1")).isEqualTo(SECRETS);
    }

    @Test
    void sealedSecretsMovedToAnotherRecordDoNotOpen() {
        CredentialSealer sealer = new CredentialSealer(Map.of("k1", KEY_1), "k1");

        SealedSecrets sealed = sealer.seal(SECRETS, "n-1:1");

        assertThatThrownBy(() -> sealer.unseal(sealed, "n-2:1"))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("k1")
                .hasMessageNotContaining("tok-123");
    }

    @Test
    void rotatedKeysStillOpenRecordsSealedWithTheOldKey() {
        SealedSecrets sealedWithOldKey = new CredentialSealer(Map.of("k1", KEY_1), "k1").seal(SECRETS, "n-1:1");
        CredentialSealer rotated = new CredentialSealer(Map.of("k1", KEY_1, "k2", KEY_2), "k2");

        assertThat(rotated.unseal(sealedWithOldKey, "n-1:1")).isEqualTo(SECRETS);
        assertThat(rotated.seal(SECRETS, "n-1:1").getKeyId()).isEqualTo("k2");
    }

    @Test
    void concurrentSealsAndOpensWithTwoKeysEachGetTheirOwnRecordBack() throws Exception {
        // the sealer reuses its ciphers: a failed open in between must leave none in a state another use could see
        CredentialSealer old = new CredentialSealer(Map.of("k1", KEY_1), "k1");
        CredentialSealer sealer = new CredentialSealer(Map.of("k1", KEY_1, "k2", KEY_2), "k2");
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        String record = "n-" + thread + "-" + i + ":1";
                        Map<String, String> secrets = Map.of(CredentialSealer.URL, "https://x/?token=" + record);
                        SealedSecrets sealed = (i % 2 == 0 ? old : sealer).seal(secrets, record);
                        assertThat(sealer.unseal(sealed, record)).isEqualTo(secrets);
                        assertThatThrownBy(() -> sealer.unseal(sealed, record + "x"))
                                .isInstanceOf(SealingException.class);
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        }
    }

    @Test
    void unknownKeyIdIsNamed() {
        SealedSecrets sealed = new CredentialSealer(Map.of("old", KEY_1), "old").seal(SECRETS, "a");

        assertThatThrownBy(() -> new CredentialSealer(Map.of("k2", KEY_2), "k2").unseal(sealed, "a"))
                .hasMessageContaining("sealed with key 'old'");
    }

    @Test
    void badConfigurationNamesTheProperty() {
        assertThatThrownBy(() -> new CredentialSealer(Map.of("k1", new byte[7]), "k1"))
                .hasMessageContaining("herald.sealing.keys.k1");
        assertThatThrownBy(() -> new CredentialSealer(Map.of("k1", KEY_1), "k9"))
                .hasMessageContaining("herald.sealing.active-key");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
