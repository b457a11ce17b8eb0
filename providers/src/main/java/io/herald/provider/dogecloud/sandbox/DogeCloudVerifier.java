package io.herald.provider.dogecloud.sandbox;

import io.herald.provider.spi.sandbox.Hmac;
import io.herald.provider.spi.sandbox.SandboxChannel;
import io.herald.provider.spi.sandbox.SandboxRequest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Behaves like the DogeCloud (多吉云) server API {@code https://api.dogecloud.com/<path>}, served at
 * {@value #PATH_PREFIX}{@code <path>}, any method: verifies {@code Authorization: TOKEN <AccessKey>:<sign>} over the
 * exact bytes received (path below the prefix plus {@code ?query}; an absent body counts as empty). Success and a
 * wrong signature are both HTTP 200 (see {@link #AUTH_ERROR}). DogeCloud docs, "API 验证机制" (AccessToken
 * mechanism).
 */
public final class DogeCloudVerifier implements SandboxVerifier {

    public static final String PROVIDER = "dogecloud";
    public static final String PATH_PREFIX = "/dogecloud";

    /**
     * The body shape DogeCloud answers for a signature that does not match (as named in the architecture brief of
     * issue #3). Not verified against the live API: whether the HTTP status is 200 or 403 (the sandbox uses 200, as
     * DogeCloud's documented clients read {@code code} from the body), and whether a missing header gets the same
     * text (DogeCloud's docs call that case {@code ERROR_UNAUTHORIZED}).
     */
    static final String AUTH_ERROR = "{\"code\":403,\"msg\":\"AccessToken Error\"}";

    private final JsonMapper json;
    private final Map<String, String> keys = new ConcurrentHashMap<>();

    public DogeCloudVerifier(JsonMapper json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    public void addKey(String accessKey, String secretKey) {
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("accessKey and secretKey must not be blank");
        }
        keys.put(accessKey, secretKey);
    }

    /** The hex HmacSHA1 a client must send for {@code requestUri} (path + "?query") and the exact body bytes. */
    public static String sign(String secretKey, String requestUri, byte[] body) {
        byte[] prefix = (requestUri + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        return HexFormat.of().formatHex(Hmac.mac("HmacSHA1", secretKey.getBytes(StandardCharsets.UTF_8), message));
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public boolean serves(String path) {
        return path.startsWith(PATH_PREFIX + "/");
    }

    /**
     * {@code {"code":<status>,"msg":<reason>}} for 429 and 5xx: DogeCloud's body shape with an HTTP-like code (inferred:
     * no throttled or failed live answer was found quoted).
     */
    @Override
    public Optional<SandboxResponse> refusal(int status) {
        if (status != 429 && status < 500) {
            return Optional.empty();
        }
        ObjectNode root = json.createObjectNode();
        root.put("code", status);
        root.put("msg", SandboxResponse.statusText(status));
        return Optional.of(SandboxResponse.json(status, json.writeValueAsString(root), "refused"));
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        List<String> values = request.headers().get("authorization");
        String authorization = values == null || values.isEmpty() ? null : values.getFirst();
        if (authorization == null || !authorization.startsWith("TOKEN ") || authorization.indexOf(':') < 0) {
            return SandboxResponse.json(200, AUTH_ERROR, "authorization missing");
        }
        String token = authorization.substring("TOKEN ".length()).trim();
        int colon = token.indexOf(':');
        String secretKey = keys.get(token.substring(0, colon));
        if (secretKey == null) {
            return SandboxResponse.json(200, AUTH_ERROR, "access key not found");
        }
        String requestUri = request.path().substring(PATH_PREFIX.length())
                + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
        if (!Hmac.equal(sign(secretKey, requestUri, request.body()), token.substring(colon + 1))) {
            return SandboxResponse.json(200, AUTH_ERROR, "sign not match");
        }
        ObjectNode root = json.createObjectNode();
        root.put("code", 200);
        root.put("msg", "OK");
        ObjectNode data = root.putObject("data");
        data.put("path", requestUri);
        data.put("method", request.method());
        return SandboxResponse.json(200, json.writeValueAsString(root), "ok");
    }

    @Override
    public String endpointPath() {
        return PATH_PREFIX;
    }

    @Override
    public Optional<Runnable> registration(SandboxChannel channel) {
        String path = channel.path();
        if (!path.equals(PATH_PREFIX) && !path.equals(PATH_PREFIX + "/")) {
            channel.wrongPath(PATH_PREFIX);
            return Optional.empty();
        }
        String accessKey = channel.required("access-key");
        String secretKey = channel.required("secret-key");
        return accessKey == null || secretKey == null
                ? Optional.empty()
                : Optional.of(() -> addKey(accessKey, secretKey));
    }
}
