package io.herald.provider.dogecloud;

import io.herald.contract.channel.Channel;
import io.herald.contract.provider.Provider;
import io.herald.contract.redaction.Redaction;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.ChatContent;
import io.herald.provider.spi.signing.Crypto;
import io.herald.provider.spi.signing.ProviderSigner;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.provider.spi.signing.UnsignableNotificationException;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.HttpCall;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Signs DogeCloud API calls: {@code Authorization: TOKEN <AccessKey>:<hex(HmacSHA1(SecretKey, path + "\n" + body))>}
 * over the path with its query and the body bytes exactly as sent (empty for GET); DogeCloud answers
 * {@code {"code":403,"msg":"AccessToken Error"}} when they differ. Nothing is time-stamped. Credentials:
 * {@code access-key}, {@code secret-key}. See https://docs.dogecloud.com/cdn/api-access-token.
 */
public final class DogeCloudSigner implements ProviderSigner {

    public static final String ACCESS_KEY = "access-key";
    public static final String SECRET_KEY = "secret-key";
    /** Compiled once: {@code String.replaceAll} compiles its pattern on every call, and this runs for every request. */
    private static final Pattern TRAILING_SLASHES = Pattern.compile("/+$");

    private final SecretResolver secrets;

    public DogeCloudSigner(SecretResolver secrets) {
        this.secrets = secrets;
    }

    @Override
    public Provider provider() {
        return Provider.of("dogecloud");
    }

    @Override
    public List<String> requiredCredentials() {
        return List.of(ACCESS_KEY, SECRET_KEY);
    }

    @Override
    public SignedRequest sign(AcceptedNotification notification, Channel channel, Instant now) {
        ApiCall api = ChatContent.api(notification, "DogeCloud API");
        String path = api.getPath() == null || api.getPath().isBlank() ? "/" : api.getPath();
        if (!path.startsWith("/")) {
            throw new UnsignableNotificationException(
                    "notification " + notification.getNotificationId() + ": a DogeCloud API path must start with /");
        }
        String accessKey = secrets.credential(notification.getChannel(), channel, ACCESS_KEY);
        String secretKey = secrets.credential(notification.getChannel(), channel, SECRET_KEY);
        String base = TRAILING_SLASHES.matcher(channel.endpoint().toString()).replaceAll("");
        URI url = URI.create(base + path);
        // DogeCloud signs the API path (with its query) as its server receives it: the path below the endpoint
        String signedPath = path;
        String method = api.getMethod() == null ? "POST" : api.getMethod().toUpperCase(java.util.Locale.ROOT);
        byte[] body = api.getBody() == null || method.equals("GET")
                ? new byte[0]
                : api.getBody().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        if (body.length > 0) {
            headers.put("Content-Type", "application/json");
        }
        String signature = signature(secretKey, signedPath, body);
        headers.put("Authorization", "TOKEN " + accessKey + ":" + signature);
        HttpCall call = HttpCall.newBuilder()
                .setMethod(method)
                .setUrl(url.toString())
                .setHeaders(headers)
                .setBody(ByteBuffer.wrap(body))
                .build();
        return new SignedRequest(
                        call,
                        Redaction.url(url.toString()),
                        Set.of("Authorization"),
                        () -> signedPath + "\n" + new String(body, StandardCharsets.UTF_8),
                        signature)
                .withSignedContent(covers(signedPath, body.length), Crypto.sha256Hex(content(signedPath, body)));
    }

    /** {@code hex(HmacSHA1(secretKey, path + "\n" + body))}. */
    public static String signature(String secretKey, String pathAndQuery, byte[] body) {
        return Crypto.hex(Crypto.hmacSha1(secretKey.getBytes(StandardCharsets.UTF_8), content(pathAndQuery, body)));
    }

    /** The bytes DogeCloud's token covers: {@code path + "\n" + body}. */
    static byte[] content(String pathAndQuery, byte[] body) {
        byte[] prefix = (pathAndQuery + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }

    /** In words, and read back by {@link DogeCloudExplanations}: the signed path and the body's length. */
    static String covers(String pathAndQuery, int bodyBytes) {
        return "the path with its query (" + pathAndQuery + "), a newline, the body (" + bodyBytes + " bytes)";
    }
}
