package io.herald.provider.spi.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The digests and MACs providers use. HmacSHA1/HmacSHA256/SHA-256 are required of every Java platform. */
public final class Crypto {

    // Mac.getInstance looks the algorithm up among the security providers, and the first init chooses one: about a
    // third of an HMAC's cost at the signer's rates (MessageDigest.getInstance likewise). Neither is thread-safe but
    // both are reusable: every use takes one from here (or makes one), initialises or resets it, and puts it back (as
    // CredentialSealer does with its ciphers). Listener threads and virtual threads alike only hold one while
    // computing.
    private static final Queue<Mac> IDLE_HMAC_SHA256 = new ConcurrentLinkedQueue<>();
    private static final Queue<Mac> IDLE_HMAC_SHA1 = new ConcurrentLinkedQueue<>();
    private static final Queue<MessageDigest> IDLE_SHA256 = new ConcurrentLinkedQueue<>();

    private Crypto() {}

    public static byte[] hmacSha256(byte[] key, byte[] message) {
        return mac("HmacSHA256", IDLE_HMAC_SHA256, key, message);
    }

    public static byte[] hmacSha256(byte[] key, String message) {
        return hmacSha256(key, message.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmacSha1(byte[] key, byte[] message) {
        return mac("HmacSHA1", IDLE_HMAC_SHA1, key, message);
    }

    public static String sha256Hex(byte[] data) {
        MessageDigest digest = null;
        try {
            digest = IDLE_SHA256.poll();
            if (digest == null) {
                digest = MessageDigest.getInstance("SHA-256");
            }
            digest.reset(); // digest() resets too; this also covers a use that failed half-way
            return HexFormat.of().formatHex(digest.digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        } finally {
            if (digest != null) {
                IDLE_SHA256.offer(digest);
            }
        }
    }

    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(data);
    }

    private static byte[] mac(String algorithm, Queue<Mac> idle, byte[] key, byte[] message) {
        Mac mac = null;
        try {
            mac = idle.poll();
            if (mac == null) {
                mac = Mac.getInstance(algorithm);
            }
            // init replaces the key and resets whatever the last use (even a failed one) left behind.
            // An empty key is legal for HMAC but SecretKeySpec refuses it; a channel never has one (references resolve
            // non-empty)
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        } finally {
            if (mac != null) {
                idle.offer(mac);
            }
        }
    }
}
