package io.herald.stack.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSweepTest {

    private static final byte[] KEY = "0123456789abcdef01234567".getBytes(StandardCharsets.US_ASCII);
    private static final String WHSEC = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    private static final String TOKEN = "read-6pA0JxWb9hUq3Vt1sLzN4cRe";

    @TempDir
    Path dir;

    @Test
    void aWhsecSecretIsFoundAsConfiguredAsItsBase64BodyAndAsItsRawKeyBytes() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("signer.log"), "INFO signing with " + WHSEC + "\n");
        Files.writeString(logs.resolve("dispatcher.log"), "DEBUG key=" + WHSEC.substring("whsec_".length()) + "\n");
        Files.write(logs.resolve("heap.bin"), concat(noise(1000, 1), KEY, noise(1000, 2)));
        Files.writeString(logs.resolve("clean.log"), "nothing to see here\n");

        SecretSweep.PlaceResult result = sweep(
                List.of(SecretSweep.Secret.whsec("webhook secret of ch-1", WHSEC)),
                new SecretSweep.Place("stack logs", logs));

        assertThat(result.files()).isEqualTo(4);
        assertThat(result.hits())
                .extracting(h -> h.file() + ": " + h.form())
                .containsExactlyInAnyOrder(
                        "signer.log: as configured",
                        "signer.log: base64 body",
                        "dispatcher.log: base64 body",
                        "heap.bin: raw key bytes");
        assertThat(result.hits()).allSatisfy(hit -> assertThat(hit.secret()).isEqualTo("webhook secret of ch-1"));
    }

    @Test
    void aSecretSplitAcrossTwoChunksOfALargeFileIsFoundOnceAndEveryOccurrenceIsCounted() throws IOException {
        // the sweep reads 4 MiB at a time: put one occurrence across the first boundary, one at the very end
        int chunk = 4 << 20;
        byte[] token = TOKEN.getBytes(StandardCharsets.US_ASCII);
        byte[] file = noise(chunk * 2 + 4096, 3);
        System.arraycopy(token, 0, file, chunk - 5, token.length);
        System.arraycopy(token, 0, file, file.length - token.length, token.length);
        Path segments = Files.createDirectories(dir.resolve("kafka/data/herald.accepted-0"));
        Files.write(segments.resolve("00000000000000000000.log"), file);

        SecretSweep.PlaceResult result = sweep(
                List.of(SecretSweep.Secret.text("audit READ token", TOKEN)),
                new SecretSweep.Place("Kafka log segments", dir.resolve("kafka/data")));

        assertThat(result.bytes()).isEqualTo(file.length);
        assertThat(result.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.file()).isEqualTo("herald.accepted-0/00000000000000000000.log");
            assertThat(hit.count()).isEqualTo(2);
        });
        assertThat(result.hitCount()).isEqualTo(2);
    }

    @Test
    void placesWithoutAnySecretAreCleanAndAnEmptyOrMissingPlaceIsNot() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.write(logs.resolve("ingest.log"), noise(100_000, 4));
        Path empty = Files.createDirectories(dir.resolve("postgres/data"));
        SecretSweep sweep = new SecretSweep(List.of(
                SecretSweep.Secret.whsec("webhook secret", WHSEC),
                SecretSweep.Secret.base64Key("sealing key", Base64.getEncoder().encodeToString(new byte[32]))));

        SecretSweep.Result clean = sweep.sweep(List.of(new SecretSweep.Place("stack logs", logs)));
        SecretSweep.Result withEmpty = sweep.sweep(List.of(
                new SecretSweep.Place("stack logs", logs), new SecretSweep.Place("PostgreSQL data directory", empty)));
        SecretSweep.Result withMissing = sweep.sweep(List.of(new SecretSweep.Place("Kafka", dir.resolve("nope"))));

        assertThat(clean.clean()).isTrue();
        assertThat(clean.hitCount()).isZero();
        assertThat(withEmpty.clean()).as("an empty place proves nothing").isFalse();
        assertThat(withMissing.clean()).isFalse();
        assertThat(withMissing.places().getFirst().errors())
                .singleElement()
                .asString()
                .contains("does not exist");
    }

    @Test
    void theSealingKeysRawBytesAreFoundInBinaryFiles() throws IOException {
        byte[] key = noise(32, 5);
        Path data = Files.createDirectories(dir.resolve("postgres/data/base/16384"));
        Files.write(data.resolve("16401"), concat(noise(8192, 6), key, noise(10, 7)));

        SecretSweep.PlaceResult result = sweep(
                List.of(SecretSweep.Secret.base64Key(
                        "credential-sealing key", Base64.getEncoder().encodeToString(key))),
                new SecretSweep.Place("PostgreSQL data directory", dir.resolve("postgres/data")));

        assertThat(result.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.form()).isEqualTo("raw key bytes");
            assertThat(hit.file()).isEqualTo("base/16384/16401");
        });
    }

    @Test
    void aSecretIsNeverShownAndTooShortAPatternIsRefused() {
        SecretSweep.Secret secret = SecretSweep.Secret.whsec("webhook secret of ch-1", WHSEC);

        assertThat(secret.toString()).doesNotContain(WHSEC.substring(6)).contains("webhook secret of ch-1");
        assertThatThrownBy(() -> SecretSweep.Secret.text("pin", "1234"))
                .hasMessage("the form 'as configured' is 4 bytes; a sweep needs at least 8");
    }

    private static SecretSweep.PlaceResult sweep(List<SecretSweep.Secret> secrets, SecretSweep.Place place) {
        return new SecretSweep(secrets).sweep(List.of(place)).places().getFirst();
    }

    /** Bytes that hold no secret: random, but with no byte the test secrets are made of (ASCII letters and digits). */
    private static byte[] noise(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (bytes[i] | 0x80);
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
