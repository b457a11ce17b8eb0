package io.herald.provider.spi.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The few hash primitives the providers' signature schemes are built from (JDK only). */
public final class Hmac {

    private Hmac() {}

    /**
     * Mac instances by algorithm, reused: {@code Mac.getInstance} looks the provider up each time, which cost the
     * benchmark's sandbox more than the HMAC itself. A Mac is taken by one request at a time and re-keyed for it.
     */
    private static final Map<String, Queue<Mac>> MACS = new ConcurrentHashMap<>();

    public static byte[] mac(String algorithm, byte[] key, byte[] message) {
        Queue<Mac> idle = MACS.computeIfAbsent(algorithm, name -> new ConcurrentLinkedQueue<>());
        try {
            Mac mac = idle.poll();
            if (mac == null) {
                mac = Mac.getInstance(algorithm);
            }
            mac.init(new SecretKeySpec(key, algorithm));
            byte[] result = mac.doFinal(message);
            idle.offer(mac);
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    public static byte[] sha256(byte[] key, String message) {
        return mac("HmacSHA256", key, message.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Constant-time comparison of two strings' UTF-8 bytes; {@code null} never matches. */
    public static boolean equal(String expected, String actual) {
        return expected != null
                && actual != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
