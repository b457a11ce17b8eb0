package io.herald.provider.dingtalk;

import io.herald.contract.channel.Channel;
import io.herald.contract.provider.Provider;
import io.herald.contract.redaction.Redaction;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.Crypto;
import io.herald.provider.spi.signing.ProviderSigner;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.provider.spi.signing.UnsignableNotificationException;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.HttpCall;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signs DingTalk custom robot messages: {@code POST endpoint?access_token=TOKEN&timestamp=MS&sign=SIGN}.
 *
 * <p>{@code sign = URL-encode(Base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret)))}, with
 * the timestamp in milliseconds; DingTalk rejects a timestamp more than an hour from its own clock
 * (errcode 310000). See https://open.dingtalk.com/document/robots/customize-robot-security-settings.
 * Credentials {@code access-token} and {@code secret} are resolved from the channel on every signature.
 */
public final class DingTalkSigner implements ProviderSigner {

    public static final String ACCESS_TOKEN = "access-token";
    public static final String SECRET = "secret";

    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json; charset=utf-8");

    private final SecretResolver secrets;
    private final DingTalkMessage messages;

    public DingTalkSigner(SecretResolver secrets) {
        this.secrets = secrets;
        this.messages = new DingTalkMessage();
    }

    @Override
    public Provider provider() {
        return Provider.of("dingtalk");
    }

    @Override
    public List<String> requiredCredentials() {
        return List.of(ACCESS_TOKEN, SECRET);
    }

    @Override
    public SignedRequest sign(AcceptedNotification notification, Channel channel, Instant now) {
        if (!(notification.getContent() instanceof ChatMessage message)) {
            throw new UnsignableNotificationException("notification " + notification.getNotificationId()
                    + " for channel " + notification.getChannel() + ": DingTalk robots take chat messages, not "
                    + notification.getContent().getClass().getSimpleName());
        }
        String accessToken = secrets.credential(notification.getChannel(), channel, ACCESS_TOKEN);
        String secret = secrets.credential(notification.getChannel(), channel, SECRET);
        long timestamp = now.toEpochMilli();
        String sign = sign(timestamp, secret);
        String url = channel.endpoint()
                + "?access_token=" + URLEncoder.encode(accessToken, StandardCharsets.UTF_8)
                + "&timestamp=" + timestamp
                + "&sign=" + sign;
        HttpCall call = HttpCall.newBuilder()
                .setMethod("POST")
                .setUrl(url)
                .setHeaders(HEADERS)
                .setBody(ByteBuffer.wrap(messages.body(message)))
                .build();
        return new SignedRequest(call, Redaction.url(url), Set.of(), timestamp + "\n" + Redaction.MASK, sign);
    }

    /** The URL-encoded {@code sign} query value for {@code timestamp} (ms) and the robot's secret. */
    static String sign(long timestamp, String secret) {
        byte[] digest = Crypto.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), timestamp + "\n" + secret);
        return URLEncoder.encode(Base64.getEncoder().encodeToString(digest), StandardCharsets.UTF_8);
    }
}
