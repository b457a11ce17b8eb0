package io.herald.provider.dingtalk.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * DingTalk's robot signature: Base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret)), UTF-8.
 * The client URL-encodes it into the {@code sign} query parameter; the server compares it after URL-decoding.
 * https://open.dingtalk.com/document/orgapp/customize-robot-security-settings
 */
final class DingTalkSignature {

    private DingTalkSignature() {}

    /** The Base64 signature (not URL-encoded) for a timestamp string exactly as it appears in the URL. */
    public static String sign(String secret, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether an already URL-decoded {@code sign} matches, compared in constant time. */
    public static boolean matches(String secret, String timestamp, String decodedSign) {
        if (decodedSign == null) {
            return false;
        }
        byte[] expected = sign(secret, timestamp).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, decodedSign.getBytes(StandardCharsets.UTF_8));
    }
}
