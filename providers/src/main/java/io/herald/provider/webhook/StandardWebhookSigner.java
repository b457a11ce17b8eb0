package io.herald.provider.webhook;

import io.herald.contract.channel.Channel;
import io.herald.contract.provider.Provider;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.ChannelMisconfiguredException;
import io.herald.provider.spi.signing.ChatContent;
import io.herald.provider.spi.signing.Crypto;
import io.herald.provider.spi.signing.MaskedEndpoints;
import io.herald.provider.spi.signing.ProviderSigner;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.HttpCall;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs requests for Standard Webhooks endpoints: headers {@code webhook-id}, {@code webhook-timestamp} (seconds) and
 * {@code webhook-signature} ({@code v1,} + Base64 HMAC-SHA256 of {@code id.timestamp.body}), one signature per
 * {@code whsec_} secret listed in the credential {@code secret} (key rotation: the receiver accepts any). Receivers
 * reject timestamps more than 5 minutes off their clock (the reference libraries' tolerance). See
 * https://www.standardwebhooks.com and its spec,
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md.
 */
public final class StandardWebhookSigner implements ProviderSigner {

    public static final String SECRET = "secret";
    public static final String SECRET_PREFIX = "whsec_";

    private final SecretResolver secrets;
    private final JsonMapper json = JsonMapper.builder().build();
    private final MaskedEndpoints maskedEndpoints = new MaskedEndpoints();

    public StandardWebhookSigner(SecretResolver secrets) {
        this.secrets = secrets;
    }

    @Override
    public Provider provider() {
        return Provider.of("webhook");
    }

    @Override
    public List<String> requiredCredentials() {
        return List.of(SECRET);
    }

    @Override
    public SignedRequest sign(AcceptedNotification notification, Channel channel, Instant now) {
        ChatMessage message = ChatContent.chat(notification, "Standard Webhooks endpoints");
        List<byte[]> keys =
                keys(notification.getChannel(), secrets.credential(notification.getChannel(), channel, SECRET));
        String id = messageId(notification.getNotificationId());
        long timestamp = now.getEpochSecond();
        byte[] body = body(notification, message);
        List<String> signatures = new ArrayList<>();
        for (byte[] key : keys) {
            signatures.add(sign(key, id, timestamp, body));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", String.join(" ", signatures));
        HttpCall call = HttpCall.newBuilder()
                .setMethod("POST")
                .setUrl(channel.endpoint().toString())
                .setHeaders(headers)
                .setBody(ByteBuffer.wrap(body))
                .build();
        // the string to sign repeats the body: spelled out only for the preview, never on the Kafka path
        return new SignedRequest(
                call,
                maskedEndpoints.of(channel.endpoint()),
                Set.of(),
                () -> id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8),
                headers.get("webhook-signature"));
    }

    /** {@code v1,<Base64 HmacSHA256(key, id.timestamp.body)>}. */
    public static String sign(byte[] key, String id, long timestampSeconds, byte[] body) {
        byte[] prefix = (id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return "v1," + Base64.getEncoder().encodeToString(Crypto.hmacSha256(key, content));
    }

    /** The keys of a comma-separated list of {@code whsec_} secrets; errors name the property, never the value. */
    public static List<byte[]> keys(String channelName, String value) {
        List<byte[]> keys = new ArrayList<>();
        String[] parts = value.split(",");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            if (!part.startsWith(SECRET_PREFIX)) {
                throw misconfigured(channelName, i, parts.length, "must start with " + SECRET_PREFIX);
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(part.substring(SECRET_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw misconfigured(channelName, i, parts.length, "is not Base64 after " + SECRET_PREFIX);
            }
            if (key.length == 0) {
                throw misconfigured(channelName, i, parts.length, "is empty after " + SECRET_PREFIX);
            }
            keys.add(key);
        }
        return keys;
    }

    /** E.g. {@code herald.channels.hooks.credentials.secret (secret 2 of 2): is not Base64 after whsec_}. */
    private static ChannelMisconfiguredException misconfigured(
            String channelName, int index, int count, String problem) {
        String which = count > 1 ? " (secret " + (index + 1) + " of " + count + ")" : "";
        return new ChannelMisconfiguredException(SecretResolver.property(channelName, SECRET) + which + ": " + problem);
    }

    /** The same on every retry, as the spec asks (the receiver's idempotency key); {@code .} is not allowed in ids. */
    static String messageId(String notificationId) {
        return "msg_" + notificationId.replace('.', '~');
    }

    /**
     * {@code {"type":"herald.notification","timestamp":"<accepted at>","data":{…}}}, identical on retries.
     * Written field by field with a generator rather than built as a tree and serialised: the same bytes, without a
     * node per field and the mapper's serialisation machinery for every notification.
     */
    private byte[] body(AcceptedNotification notification, ChatMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("type", "herald.notification");
            g.writeStringProperty("timestamp", notification.getAcceptedAt().toString());
            g.writeObjectPropertyStart("data");
            g.writeStringProperty("id", notification.getNotificationId());
            g.writeStringProperty("channel", notification.getChannel());
            if (notification.getTenant() != null) {
                g.writeStringProperty("tenant", notification.getTenant());
            }
            if (message.getTitle() != null) {
                g.writeStringProperty("title", message.getTitle());
            }
            g.writeStringProperty("text", message.getText());
            g.writeStringProperty("format", message.getFormat().name().toLowerCase(Locale.ROOT));
            if (!notification.getAttributes().isEmpty()) {
                g.writeObjectPropertyStart("attributes");
                for (Map.Entry<String, String> attribute : new TreeMap<>(notification.getAttributes()).entrySet()) {
                    g.writeStringProperty(attribute.getKey(), attribute.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
    }
}
