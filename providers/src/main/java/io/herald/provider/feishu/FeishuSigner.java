package io.herald.provider.feishu;

import io.herald.contract.channel.Channel;
import io.herald.contract.provider.Provider;
import io.herald.contract.redaction.Redaction;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.ChatContent;
import io.herald.provider.spi.signing.Crypto;
import io.herald.provider.spi.signing.ProviderSigner;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.HttpCall;
import io.herald.schema.MessageFormat;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signs Feishu/Lark custom bot messages, {@code POST https://open.feishu.cn/open-apis/bot/v2/hook/<token>}: the JSON
 * body carries {@code timestamp} and {@code sign} when the channel has the optional credential {@code secret} (a bot
 * without "signature verification" takes unsigned messages). Feishu rejects a timestamp more than an hour from its
 * clock with code 19021. See https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot.
 */
public final class FeishuSigner implements ProviderSigner {

    public static final String SECRET = "secret";

    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json; charset=utf-8");

    private final SecretResolver secrets;
    private final JsonMapper json = JsonMapper.builder().build();

    public FeishuSigner(SecretResolver secrets) {
        this.secrets = secrets;
    }

    @Override
    public Provider provider() {
        return Provider.of("feishu");
    }

    @Override
    public List<String> requiredCredentials() {
        return List.of();
    }

    @Override
    public SignedRequest sign(AcceptedNotification notification, Channel channel, Instant now) {
        ChatMessage message = ChatContent.chat(notification, "Feishu bots");
        ObjectNode root = json.createObjectNode();
        String stringToSign = "";
        String sign = "";
        if (channel.credentials().containsKey(SECRET)) {
            String secret = secrets.credential(notification.getChannel(), channel, SECRET);
            long timestamp = now.getEpochSecond();
            root.put("timestamp", Long.toString(timestamp));
            sign = sign(timestamp, secret);
            root.put("sign", sign);
            stringToSign = timestamp + "\n" + Redaction.MASK;
        }
        if (message.getFormat() == MessageFormat.MARKDOWN) { // a card with a markdown element, the title as header
            root.put("msg_type", "interactive");
            ObjectNode card = root.putObject("card");
            card.putObject("header")
                    .putObject("title")
                    .put("tag", "plain_text")
                    .put("content", ChatContent.title(message));
            card.putArray("elements").addObject().put("tag", "markdown").put("content", message.getText());
        } else {
            root.put("msg_type", "text");
            StringBuilder text = new StringBuilder(message.getText());
            // Feishu mentions: <at user_id="ou_xxx"></at>, <at user_id="all"></at>
            message.getMentions()
                    .getUserIds()
                    .forEach(id -> text.append(" <at user_id=\"").append(id).append("\"></at>"));
            if (message.getMentions().getAll()) {
                text.append(" <at user_id=\"all\"></at>");
            }
            root.putObject("content").put("text", text.toString());
        }
        URI endpoint = channel.endpoint();
        HttpCall call = HttpCall.newBuilder()
                .setMethod("POST")
                .setUrl(endpoint.toString())
                .setHeaders(HEADERS)
                .setBody(ByteBuffer.wrap(json.writeValueAsBytes(root)))
                .build();
        return new SignedRequest(call, maskHookToken(endpoint), Set.of(), stringToSign, sign);
    }

    /** {@code Base64(HmacSHA256(key = timestamp + "\n" + secret, message = empty))}. */
    public static String sign(long timestampSeconds, String secret) {
        byte[] key = (timestampSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(Crypto.hmacSha256(key, new byte[0]));
    }

    /** The endpoint with its last path segment masked: the hook token alone lets anyone post to the bot. */
    static String maskHookToken(URI endpoint) {
        String url = endpoint.toString();
        int slash = url.lastIndexOf('/');
        return slash > url.indexOf("//") + 1 ? url.substring(0, slash + 1) + Redaction.MASK : url;
    }
}
