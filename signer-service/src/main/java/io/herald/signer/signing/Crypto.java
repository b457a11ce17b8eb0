package io.herald.signer.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The digests and MACs providers use. HmacSHA1/HmacSHA256/SHA-256 are required of every Java platform. */
public final class Crypto {

    private Crypto() {}

    public static byte[] hmacSha256(byte[] key, byte[] message) {
        return mac("HmacSHA256", key, message);
    }

    public static byte[] hmacSha256(byte[] key, String message) {
        return hmacSha256(key, message.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmacSha1(byte[] key, byte[] message) {
        return mac("HmacSHA1", key, message);
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(data);
    }

    private static byte[] mac(String algorithm, byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            // an empty key is legal for HMAC but SecretKeySpec refuses it; a channel never has one (references resolve non-empty)
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }
}
