package io.herald.provider.webhook.sandbox;

import io.herald.provider.spi.sandbox.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The Standard Webhooks signature: {@code v1,} + Base64(HmacSHA256(key = Base64-decode(secret without "whsec_"),
 * message = id + "." + timestamp + "." + body)). https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
public final class StandardWebhookSignature {

    public static final String SECRET_PREFIX = "whsec_";

    private StandardWebhookSignature() {}

    /** The key bytes of a {@code whsec_…} (or bare Base64) secret. */
    public static byte[] key(String secret) {
        String base64 = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key = Base64.getDecoder().decode(base64);
        if (key.length == 0) {
            throw new IllegalArgumentException("a webhook secret must not be empty");
        }
        return key;
    }

    /** The Base64 signature (without the {@code v1,} prefix) over the exact body bytes. */
    public static String sign(byte[] key, String id, String timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        return Base64.getEncoder().encodeToString(Hmac.mac("HmacSHA256", key, message));
    }
}
