package io.herald.provider.alibabacloud;

import io.herald.contract.channel.Channel;
import io.herald.contract.provider.Provider;
import io.herald.contract.redaction.Redaction;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.ChannelMisconfiguredException;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Signs Alibaba Cloud OpenAPI calls with signature V3, ACS3-HMAC-SHA256 ({@link Acs3}), e.g. the Alidns record actions
 * ({@code AddDomainRecord}, version {@code 2015-01-09}) on {@code https://alidns.aliyuncs.com}. Alibaba rejects an
 * {@code x-acs-date} more than 15 minutes from its clock ({@code InvalidTimeStamp.Expired}) and a nonce it has seen
 * ({@code SignatureNonceUsed}). Credentials: {@code access-key-id}, {@code access-key-secret}.
 * See https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature.
 */
final class AlibabaCloudSigner implements ProviderSigner {

    static final String ACCESS_KEY_ID = "access-key-id";
    static final String ACCESS_KEY_SECRET = "access-key-secret";
    static final DateTimeFormatter ACS_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final String PROVIDER_NAME = "Alibaba Cloud OpenAPI";

    private final SecretResolver secrets;
    private final Supplier<String> nonces;

    AlibabaCloudSigner(SecretResolver secrets) {
        this(secrets, () -> UUID.randomUUID().toString());
    }

    /** @param nonces a fresh {@code x-acs-signature-nonce} on every call (fixed only in tests replaying a vector) */
    AlibabaCloudSigner(SecretResolver secrets, Supplier<String> nonces) {
        this.secrets = secrets;
        this.nonces = nonces;
    }

    @Override
    public Provider provider() {
        return Provider.of(AlibabaCloud.ID);
    }

    @Override
    public List<String> requiredCredentials() {
        return List.of(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    }

    /**
     * RPC-style, as Alibaba's SDKs call APIs whose parameters are {@code "in":"query"} (all of Alidns's): the call's
     * JSON body holds the parameters ({@link RpcParameters}), sent as the sorted, RFC 3986-encoded query string with an
     * empty body; the canonical URI is {@code /}, appended to the endpoint as it is (a sandbox may serve below a path
     * prefix). Alidns has a single public endpoint and no regional ones, so a call's region is not used.
     */
    @Override
    public SignedRequest sign(AcceptedNotification notification, Channel channel, Instant now) {
        ApiCall api = ChatContent.api(notification, PROVIDER_NAME);
        String id = notification.getNotificationId();
        if (blank(api.getAction()) || blank(api.getVersion())) {
            throw new UnsignableNotificationException(
                    "notification " + id + ": an Alibaba Cloud OpenAPI call needs an action and a version");
        }
        String method = api.getMethod() == null ? "POST" : api.getMethod().toUpperCase(Locale.ROOT);
        if (!method.equals("POST") && !method.equals("GET")) {
            throw new UnsignableNotificationException("notification " + id
                    + ": Herald calls Alibaba Cloud OpenAPI RPC-style, with GET or POST, not " + api.getMethod());
        }
        if (api.getPath() != null && !api.getPath().equals("/")) {
            throw new UnsignableNotificationException(
                    "notification " + id
                            + ": Herald calls Alibaba Cloud OpenAPI RPC-style; the path must be /, the parameters go in the body");
        }
        Map<String, String> parameters = RpcParameters.of(api.getBody())
                .orElseThrow(
                        () -> new UnsignableNotificationException(
                                "notification " + id
                                        + ": the body of an Alibaba Cloud OpenAPI call must be a JSON object of the action's parameters"));
        String accessKeyId = secrets.credential(notification.getChannel(), channel, ACCESS_KEY_ID);
        String accessKeySecret = secrets.credential(notification.getChannel(), channel, ACCESS_KEY_SECRET);
        URI endpoint = channel.endpoint();
        if (endpoint.getRawQuery() != null) {
            // the query carries the signed parameters; one of the endpoint's own would be sent unsigned
            throw new ChannelMisconfiguredException("herald.channels." + notification.getChannel()
                    + ".endpoint: an Alibaba Cloud OpenAPI endpoint takes no query string");
        }
        byte[] body = new byte[0];
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-acs-action", api.getAction());
        headers.put("x-acs-version", api.getVersion());
        headers.put("x-acs-date", ACS_DATE.format(now));
        headers.put("x-acs-signature-nonce", nonces.get()); // fresh per signing: a re-signed request never reuses one
        headers.put("x-acs-content-sha256", Crypto.sha256Hex(body));
        Map<String, String> signedHeaders = new LinkedHashMap<>(headers);
        signedHeaders.put("host", host(endpoint));
        Acs3.Signature signature =
                Acs3.sign(accessKeyId, accessKeySecret, method, "/", parameters, signedHeaders, body);
        headers.put("Authorization", signature.authorization());
        String query = Acs3.canonicalQuery(parameters);
        String base =
                endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? endpoint + "/" : endpoint.toString();
        String url = query.isEmpty() ? base : base + "?" + query;
        HttpCall call = HttpCall.newBuilder()
                .setMethod(method)
                .setUrl(url)
                .setHeaders(headers)
                .setBody(ByteBuffer.wrap(body))
                .build();
        return new SignedRequest(
                        call,
                        Redaction.url(url),
                        Set.of("Authorization"),
                        () -> "CanonicalRequest:\n" + signature.canonicalRequest() + "\n\nStringToSign:\n"
                                + signature.stringToSign(),
                        signature.signature())
                .withSignedContent(
                        "the query string (" + parameters.size() + " parameters, its SHA-256 here) and an empty body",
                        Crypto.sha256Hex(query.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The Host header HTTP clients send: the authority, without a port that is the scheme's default. */
    static String host(URI endpoint) {
        int port = endpoint.getPort();
        boolean defaultPort = port == -1
                || (port == 443 && "https".equalsIgnoreCase(endpoint.getScheme()))
                || (port == 80 && "http".equalsIgnoreCase(endpoint.getScheme()));
        String host = endpoint.getRawAuthority().replaceFirst("^[^@]*@", "");
        return defaultPort ? host.replaceFirst(":\\d+$", "") : host;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
