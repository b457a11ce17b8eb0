package io.herald.provider.spi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HmacTest {

    @Test
    void rfc4231TestCase2() {
        // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?"
        byte[] mac = Hmac.sha256("Jefe".getBytes(StandardCharsets.UTF_8), "what do ya want for nothing?");

        assertThat(HexFormat.of().formatHex(mac))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void reusedMacsGiveEveryRequestItsOwnKeyAcrossThreads() throws Exception {
        // one result per key and message, computed alone first; then the same from 16 threads sharing the pooled Macs
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            expected.add(
                    HexFormat.of().formatHex(Hmac.mac(i % 2 == 0 ? "HmacSHA256" : "HmacSHA1", key(i), message(i))));
        }
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                runs.add(threads.submit(() -> {
                    for (int round = 0; round < 500; round++) {
                        int i = (round * 7) % 64;
                        String mac = HexFormat.of()
                                .formatHex(Hmac.mac(i % 2 == 0 ? "HmacSHA256" : "HmacSHA1", key(i), message(i)));
                        if (!mac.equals(expected.get(i))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> run : runs) {
                assertThat(run.get()).isTrue();
            }
        }
    }

    private static byte[] key(int i) {
        return ("key-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] message(int i) {
        return ("message " + i).repeat(i + 1).getBytes(StandardCharsets.UTF_8);
    }
}
