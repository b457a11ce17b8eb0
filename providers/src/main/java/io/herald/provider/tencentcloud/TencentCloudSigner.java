package io.herald.provider.tencentcloud;

import io.herald.contract.channel.Channel;
import io.herald.contract.provider.Provider;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.ChatContent;
import io.herald.provider.spi.signing.Crypto;
import io.herald.provider.spi.signing.MaskedEndpoints;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Signs Tencent Cloud API 3.0 calls (e.g. DNSPod's {@code CreateRecord} on {@code https://dnspod.tencentcloudapi.com})
 * with TC3-HMAC-SHA256 ({@link Tc3}): a {@code POST} of the call's JSON body with the {@code X-TC-*} headers. Tencent
 * Cloud rejects a timestamp more than 5 minutes from its clock ({@code AuthFailure.SignatureExpire}). Credentials:
 * {@code secret-id}, {@code secret-key}. See https://www.tencentcloud.com/document/api/213/35012.
 */
public final class TencentCloudSigner implements ProviderSigner {

    public static final String SECRET_ID = "secret-id";
    public static final String SECRET_KEY = "secret-key";
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    /** Compiled once: {@code String.replaceAll} compiles its pattern on every call, and this runs for every request. */
    private static final Pattern TRAILING_SLASHES = Pattern.compile("/+$");

    private final SecretResolver secrets;
    private final MaskedEndpoints maskedEndpoints = new MaskedEndpoints();

    public TencentCloudSigner(SecretResolver secrets) {
        this.secrets = secrets;
    }

    @Override
    public Provider provider() {
        return Provider.of("tencentcloud");
    }

    @Override
    public List<String> requiredCredentials() {
        return List.of(SECRET_ID, SECRET_KEY);
    }

    @Override
    public SignedRequest sign(AcceptedNotification notification, Channel channel, Instant now) {
        ApiCall api = ChatContent.api(notification, "Tencent Cloud API");
        if (api.getAction() == null
                || api.getAction().isBlank()
                || api.getVersion() == null
                || api.getVersion().isBlank()) {
            throw new UnsignableNotificationException("notification " + notification.getNotificationId()
                    + ": a Tencent Cloud API call needs an action and a version");
        }
        if (!"POST".equalsIgnoreCase(api.getMethod())) {
            throw new UnsignableNotificationException("notification " + notification.getNotificationId()
                    + ": Herald sends Tencent Cloud API calls as POST with a JSON body, not " + api.getMethod());
        }
        String secretId = secrets.credential(notification.getChannel(), channel, SECRET_ID);
        String secretKey = secrets.credential(notification.getChannel(), channel, SECRET_KEY);
        URI endpoint = channel.endpoint();
        byte[] body = (api.getBody() == null ? "{}" : api.getBody()).getBytes(StandardCharsets.UTF_8);
        long timestamp = now.getEpochSecond();
        // the signed host is the authority, which Java's HTTP client sends as Host
        Tc3.Signature signature = Tc3.sign(
                secretId,
                secretKey,
                service(endpoint),
                endpoint.getRawAuthority(),
                CONTENT_TYPE,
                api.getAction(),
                timestamp,
                body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("Authorization", signature.authorization());
        headers.put("X-TC-Action", api.getAction());
        headers.put("X-TC-Version", api.getVersion());
        headers.put("X-TC-Timestamp", Long.toString(timestamp));
        if (api.getRegion() != null && !api.getRegion().isBlank()) {
            headers.put("X-TC-Region", api.getRegion());
        }
        HttpCall call = HttpCall.newBuilder()
                .setMethod("POST")
                .setUrl(endpoint.toString())
                .setHeaders(headers)
                .setBody(ByteBuffer.wrap(body))
                .build();
        return new SignedRequest(
                        call,
                        maskedEndpoints.of(endpoint),
                        Set.of("Authorization"),
                        () -> "CanonicalRequest:\n" + signature.canonicalRequest() + "\n\nStringToSign:\n"
                                + signature.stringToSign(),
                        signature.signature())
                .withSignedContent(covers(body.length), Crypto.sha256Hex(body));
    }

    /** In words, and read back by {@link TencentCloudExplanations}: the body's length. */
    static String covers(int bodyBytes) {
        return "the body (" + bodyBytes + " bytes) as hashed into the canonical request, with POST /, the host,"
                + " the content type and X-TC-Timestamp";
    }

    /**
     * {@code dnspod} for {@code dnspod.tencentcloudapi.com}; for any other host (a sandbox, a proxy) the endpoint's
     * last path segment, e.g. {@code http://127.0.0.1:18080/tencentcloud/dnspod}.
     */
    static String service(URI endpoint) {
        String host = endpoint.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".tencentcloudapi.com")) {
            return host.substring(0, host.indexOf('.'));
        }
        String path = endpoint.getPath() == null
                ? ""
                : TRAILING_SLASHES.matcher(endpoint.getPath()).replaceAll("");
        return path.isEmpty() ? host : path.substring(path.lastIndexOf('/') + 1);
    }
}
