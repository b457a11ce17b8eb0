package io.herald.provider.wecom;

import io.herald.contract.channel.Channel;
import io.herald.contract.provider.Provider;
import io.herald.contract.redaction.Redaction;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.ChatContent;
import io.herald.provider.spi.signing.ProviderSigner;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.HttpCall;
import io.herald.schema.MessageFormat;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds WeCom (企业微信) group robot messages: {@code POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY}.
 * Nothing is signed: the {@code key} in the URL is the credential (masked wherever the URL is shown). Bodies
 * {@code {"msgtype":"text","text":{"content":"…","mentioned_list":[…],"mentioned_mobile_list":[…]}}} or
 * {@code {"msgtype":"markdown","markdown":{"content":"…"}}}; errors come back as HTTP 200 with {@code errcode}.
 * See https://developer.work.weixin.qq.com/document/path/91770. Credential: {@code key}.
 */
public final class WeComSigner implements ProviderSigner {

    public static final String KEY = "key";

    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json; charset=utf-8");

    private final SecretResolver secrets;
    private final JsonMapper json = JsonMapper.builder().build();

    public WeComSigner(SecretResolver secrets) {
        this.secrets = secrets;
    }

    @Override
    public Provider provider() {
        return Provider.of("wecom");
    }

    @Override
    public List<String> requiredCredentials() {
        return List.of(KEY);
    }

    @Override
    public SignedRequest sign(AcceptedNotification notification, Channel channel, Instant now) {
        ChatMessage message = ChatContent.chat(notification, "WeCom robots");
        String key = secrets.credential(notification.getChannel(), channel, KEY);
        ObjectNode root = json.createObjectNode();
        if (message.getFormat() == MessageFormat.MARKDOWN) {
            root.put("msgtype", "markdown");
            root.putObject("markdown").put("content", message.getText());
        } else {
            root.put("msgtype", "text");
            ObjectNode text = root.putObject("text").put("content", message.getText());
            ArrayNode users = text.putArray("mentioned_list");
            message.getMentions().getUserIds().forEach(users::add);
            if (message.getMentions().getAll()) {
                users.add("@all");
            }
            ArrayNode mobiles = text.putArray("mentioned_mobile_list");
            message.getMentions().getMobiles().forEach(mobiles::add);
        }
        String url = channel.endpoint() + "?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
        HttpCall call = HttpCall.newBuilder()
                .setMethod("POST")
                .setUrl(url)
                .setHeaders(HEADERS)
                .setBody(ByteBuffer.wrap(json.writeValueAsBytes(root)))
                .build();
        return new SignedRequest(call, Redaction.url(url), Set.of(), "", "");
    }
}
