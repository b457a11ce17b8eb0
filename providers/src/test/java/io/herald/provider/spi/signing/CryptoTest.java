package io.herald.provider.spi.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CryptoTest {

    /** RFC 4231 test case 2. */
    @Test
    void hmacSha256MatchesTheRfc4231Vector() {
        byte[] mac = Crypto.hmacSha256("Jefe".getBytes(StandardCharsets.UTF_8), "what do ya want for nothing?");

        assertThat(Crypto.hex(mac)).isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    /** RFC 4231 test case 6, after a short key: a reused MAC takes each use's own key. */
    @Test
    void keyLongerThanTheBlockAfterAShortOneIsHashedFirstAsHmacRequires() {
        Crypto.hmacSha256("Jefe".getBytes(StandardCharsets.UTF_8), "what do ya want for nothing?");
        byte[] key = new byte[131];
        Arrays.fill(key, (byte) 0xaa);

        byte[] mac = Crypto.hmacSha256(key, "Test Using Larger Than Block-Size Key - Hash Key First");

        assertThat(Crypto.hex(mac)).isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    @Test
    void concurrentMacsAndDigestsOnPlatformAndVirtualThreadsEachGetTheirOwnResult() throws Exception {
        // MACs and digests are reused across calls: none may carry another call's key or data into this one
        try (ExecutorService platform = Executors.newFixedThreadPool(8);
                ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                long seed = t;
                results.add((t % 2 == 0 ? platform : virtual).submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 2_000; i++) {
                        byte[] key = new byte[1 + random.nextInt(100)]; // shorter and longer than the 64-byte block
                        byte[] message = new byte[random.nextInt(300)];
                        random.nextBytes(key);
                        random.nextBytes(message);
                        assertThat(Crypto.hmacSha256(key, message)).isEqualTo(freshMac("HmacSHA256", key, message));
                        assertThat(Crypto.hmacSha1(key, message)).isEqualTo(freshMac("HmacSHA1", key, message));
                        assertThat(Crypto.sha256Hex(message))
                                .isEqualTo(HexFormat.of()
                                        .formatHex(MessageDigest.getInstance("SHA-256")
                                                .digest(message)));
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        }
    }

    private static byte[] freshMac(String algorithm, byte[] key, byte[] message) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        return mac.doFinal(message);
    }
}
