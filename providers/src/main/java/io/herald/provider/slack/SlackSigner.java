package io.herald.provider.slack;

import io.herald.contract.channel.Channel;
import io.herald.contract.provider.Provider;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.ChannelMisconfiguredException;
import io.herald.provider.spi.signing.ChatContent;
import io.herald.provider.spi.signing.ProviderSigner;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.HttpCall;
import io.herald.schema.MessageFormat;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds Slack incoming-webhook messages. The whole webhook URL ({@code https://hooks.slack.com/services/T…/B…/…})
 * is the credential, so it lives in the credential {@code webhook-url}, not in the catalog: the channel's
 * {@code endpoint} only names the origin ({@code https://hooks.slack.com}, also what the clock probes) and the
 * credential URL must be on that same origin. Body {@code {"text":"…"}}, plus a {@code mrkdwn} section block for
 * markdown. Nothing is time-stamped. Errors are a status plus a short text ({@code invalid_payload},
 * {@code no_service}, …). See https://api.slack.com/messaging/webhooks.
 */
public final class SlackSigner implements ProviderSigner {

    public static final String WEBHOOK_URL = "webhook-url";

    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json; charset=utf-8");

    private final SecretResolver secrets;
    private final JsonMapper json = JsonMapper.builder().build();

    public SlackSigner(SecretResolver secrets) {
        this.secrets = secrets;
    }

    @Override
    public Provider provider() {
        return Provider.of("slack");
    }

    @Override
    public List<String> requiredCredentials() {
        return List.of(WEBHOOK_URL);
    }

    @Override
    public SignedRequest sign(AcceptedNotification notification, Channel channel, Instant now) {
        ChatMessage message = ChatContent.chat(notification, "Slack incoming webhooks");
        URI url = webhookUrl(notification.getChannel(), channel);
        ObjectNode root = json.createObjectNode();
        root.put("text", message.getText());
        if (message.getFormat() == MessageFormat.MARKDOWN) {
            ObjectNode section = root.putArray("blocks").addObject();
            section.put("type", "section");
            section.putObject("text").put("type", "mrkdwn").put("text", message.getText());
        }
        HttpCall call = HttpCall.newBuilder()
                .setMethod("POST")
                .setUrl(url.toString())
                .setHeaders(HEADERS)
                .setBody(ByteBuffer.wrap(json.writeValueAsBytes(root)))
                .build();
        return new SignedRequest(call, ChatContent.maskPath(url), Set.of(), "", "");
    }

    private URI webhookUrl(String channelName, Channel channel) {
        String property = SecretResolver.property(channelName, WEBHOOK_URL);
        String value = secrets.credential(channelName, channel, WEBHOOK_URL);
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            throw new ChannelMisconfiguredException(property + ": is not a URL");
        }
        URI endpoint = channel.endpoint();
        if (!url.isAbsolute()
                || url.getRawAuthority() == null
                || !url.getScheme().equalsIgnoreCase(endpoint.getScheme())
                || !url.getRawAuthority().equalsIgnoreCase(endpoint.getRawAuthority())) {
            throw new ChannelMisconfiguredException(property + ": must be a URL on the channel's endpoint origin "
                    + endpoint.getScheme() + "://" + endpoint.getRawAuthority());
        }
        return url;
    }
}
