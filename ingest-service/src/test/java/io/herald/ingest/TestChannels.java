package io.herald.ingest;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.ingest.intake.IntakeRequest;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import io.herald.schema.Source;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** A channel catalog with one channel per provider, and request builders, for tests. */
public final class TestChannels {

    private TestChannels() {}

    /** The catalog as the services look it up: never changing. */
    public static ChannelDirectory directory() {
        return ChannelDirectory.fixed(catalog());
    }

    public static ChannelCatalog catalog() {
        return new ChannelCatalog(Map.of(
                "demo-dingtalk", channel("dingtalk", null),
                "tiny-dingtalk", channel("dingtalk", 10),
                "demo-feishu", channel("feishu", null),
                "demo-wecom", channel("wecom", null),
                "demo-slack", channel("slack", null),
                "demo-webhook", channel("webhook", null),
                "demo-tencent", channel("tencentcloud", null),
                "demo-doge", channel("dogecloud", null)));
    }

    private static Channel channel(String provider, Integer maxMessageBytes) {
        return new Channel(
                provider, URI.create("https://provider.example/" + provider), Map.of(), maxMessageBytes, null);
    }

    public static ChatMessage text(String text) {
        return new ChatMessage(null, text, MessageFormat.TEXT, new Mentions(List.of(), List.of(), false));
    }

    public static ChatMessage markdown(String title, String text) {
        return new ChatMessage(title, text, MessageFormat.MARKDOWN, new Mentions(List.of(), List.of(), false));
    }

    public static ApiCall apiCall(String action, String path, String body) {
        return new ApiCall(action, "2021-03-23", "ap-guangzhou", "POST", path, body);
    }

    /** A valid request for demo-dingtalk, with the given content, notification id and idempotency key. */
    public static IntakeRequest request(String channel, Object content, String notificationId, String idempotencyKey) {
        return new IntakeRequest(
                Source.HTTP, notificationId, idempotencyKey, channel, "t1", Map.of(), content, null, null, List.of());
    }
}
