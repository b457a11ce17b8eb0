package io.herald.provider.feishu.sandbox;

import io.herald.provider.spi.sandbox.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Feishu/Lark custom-bot signature: Base64(HmacSHA256(key = timestamp + "\n" + secret, message = empty)), with the
 * timestamp in seconds. Note the odd shape: the string to sign is the <em>key</em> and the message is empty.
 * https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot (section "签名校验")
 */
final class FeishuSignature {

    private FeishuSignature() {}

    public static String sign(String secret, String timestamp) {
        byte[] key = (timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(Hmac.mac("HmacSHA256", key, new byte[0]));
    }
}
