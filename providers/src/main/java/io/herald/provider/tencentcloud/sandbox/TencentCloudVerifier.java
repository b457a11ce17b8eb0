package io.herald.provider.tencentcloud.sandbox;

import io.herald.provider.spi.sandbox.Hmac;
import io.herald.provider.spi.sandbox.SandboxChannel;
import io.herald.provider.spi.sandbox.SandboxRequest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import io.herald.provider.spi.sandbox.SlidingWindowLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Behaves like a Tencent Cloud API 3.0 endpoint ({@code POST https://<service>.tencentcloudapi.com/}) served at
 * {@value #PATH_PREFIX}: full TC3-HMAC-SHA256 verification of the request as received, then DNSPod's
 * {@code CreateRecord} and {@code DescribeRecordList} (version 2021-03-23) on an in-memory zone. Every answer is HTTP
 * 200 with {@code {"Response":{...,"RequestId":"..."}}}, as the real API.
 * https://cloud.tencent.com/document/api/213/30654 (签名方法 v3), https://cloud.tencent.com/document/api/1427/56166
 */
public final class TencentCloudVerifier implements SandboxVerifier {

    public static final String PROVIDER = "tencentcloud";
    public static final String PATH_PREFIX = "/tencentcloud";

    static final Duration TIMESTAMP_TOLERANCE = Duration.ofMinutes(5);
    /** DNSPod's documented default: 20 requests per second per action (the sandbox counts per SecretId). */
    static final int DEFAULT_REQUESTS_PER_SECOND = 20;

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "TC3-HMAC-SHA256 Credential=([^/]+)/(\\d{4}-\\d{2}-\\d{2})/([^/]+)/tc3_request,\\s*SignedHeaders=([^,]+),\\s*Signature=([0-9a-f]{64})");

    private record Key(String secretKey, SlidingWindowLimiter limiter) {}

    private final Clock clock;
    private final JsonMapper json;
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final TencentCloudAnswers answers;
    private final DnspodZone zone;
    private volatile int requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;

    public TencentCloudVerifier(Clock clock, JsonMapper json) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
        this.answers = new TencentCloudAnswers(json);
        this.zone = new DnspodZone(clock, json, answers);
    }

    public void addKey(String secretId, String secretKey) {
        if (secretId == null || secretId.isBlank() || secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("secretId and secretKey must not be blank");
        }
        keys.put(secretId, new Key(secretKey, limiter()));
    }

    /** Requests per second per SecretId before {@code RequestLimitExceeded}; applies to keys added afterwards. */
    public void requestsPerSecond(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.requestsPerSecond = limit;
        keys.replaceAll((id, key) -> new Key(key.secretKey(), limiter()));
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public boolean serves(String path) {
        return path.equals(PATH_PREFIX) || path.startsWith(PATH_PREFIX + "/");
    }

    /**
     * Checks in order: Authorization format, SecretId known, X-TC-Timestamp within five minutes, signature,
     * per-SecretId rate limit; then the action ({@code InvalidAction} for one not implemented).
     */
    @Override
    public SandboxResponse handle(SandboxRequest request) {
        String requestId = UUID.randomUUID().toString();
        String authorization = header(request, "authorization");
        Matcher auth = authorization == null ? null : AUTHORIZATION.matcher(authorization.trim());
        if (auth == null || !auth.matches()) {
            return answers.error(TencentCloudError.INVALID_AUTHORIZATION, null, requestId);
        }
        String secretId = auth.group(1);
        String scopeDate = auth.group(2);
        String service = auth.group(3);
        List<String> signedHeaders = Arrays.asList(auth.group(4).split(";"));
        String signature = auth.group(5);
        Key key = keys.get(secretId);
        if (key == null) {
            return answers.error(TencentCloudError.SECRET_ID_NOT_FOUND, null, requestId);
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(Objects.requireNonNullElse(header(request, "x-tc-timestamp"), "")
                    .trim());
        } catch (NumberFormatException e) {
            return answers.error(
                    TencentCloudError.MISSING_PARAMETER,
                    "The request is missing a required parameter `Timestamp`.",
                    requestId);
        }
        // bounds, not Math.abs(now - timestamp): that overflows for a far timestamp, which then passed this check and
        // made the credential scope date throw (found by fuzzing)
        long now = clock.instant().getEpochSecond();
        if (timestamp < now - TIMESTAMP_TOLERANCE.toSeconds() || timestamp > now + TIMESTAMP_TOLERANCE.toSeconds()) {
            return answers.error(TencentCloudError.SIGNATURE_EXPIRE, null, requestId);
        }
        if (!signatureValid(request, key.secretKey(), timestamp, scopeDate, service, signedHeaders, signature)) {
            return answers.error(TencentCloudError.SIGNATURE_FAILURE, null, requestId);
        }
        if (!key.limiter().tryAcquire()) {
            int limit = key.limiter().limit();
            return answers.error(
                    TencentCloudError.REQUEST_LIMIT_EXCEEDED,
                    "Your current request times equals to `" + (limit + 1)
                            + "` in a second, which exceeds the frequency limit `" + limit + "`",
                    requestId);
        }
        String action = header(request, "x-tc-action");
        if (action == null || action.isBlank()) {
            return answers.error(
                    TencentCloudError.MISSING_PARAMETER,
                    "The request is missing a required parameter `Action`.",
                    requestId);
        }
        JsonNode body;
        try {
            body = request.body().length == 0 ? json.createObjectNode() : json.readTree(request.bodyText());
        } catch (JacksonException notJson) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return answers.error(
                    TencentCloudError.INVALID_PARAMETER, "The request body is not a JSON object.", requestId);
        }
        return switch (action.trim()) {
            case "CreateRecord" -> zone.createRecord(body, requestId);
            case "DescribeRecordList" -> zone.describeRecordList(body, requestId);
            default -> answers.error(TencentCloudError.INVALID_ACTION, null, requestId);
        };
    }

    @Override
    public Optional<SandboxResponse> refusal(int status) {
        String requestId = UUID.randomUUID().toString();
        int limit = requestsPerSecond;
        SandboxResponse answer = status == 429
                ? answers.error(
                        TencentCloudError.REQUEST_LIMIT_EXCEEDED,
                        "Your current request times equals to `" + (limit + 1)
                                + "` in a second, which exceeds the frequency limit `" + limit + "`",
                        requestId)
                : status >= 500 ? answers.error(TencentCloudError.INTERNAL_ERROR, null, requestId) : null;
        return Optional.ofNullable(answer).map(a -> SandboxResponse.json(status, a.body(), a.verdict()));
    }

    /**
     * Recomputed from the request as received: canonical URI is the path below the prefix ({@code /} for the usual
     * call), the Host header as sent, the signed headers the client lists (content-type and host among them).
     */
    private boolean signatureValid(
            SandboxRequest request,
            String secretKey,
            long timestamp,
            String scopeDate,
            String service,
            List<String> signedHeaders,
            String signature) {
        if (!signedHeaders.contains("content-type") || !signedHeaders.contains("host")) {
            return false;
        }
        if (!scopeDate.equals(Tc3Signature.date(timestamp))) {
            return false; // the credential scope date must be the UTC date of X-TC-Timestamp
        }
        Map<String, String> values = new TreeMap<>();
        for (String name : signedHeaders) {
            values.put(name, header(request, name));
        }
        String path = request.path().substring(PATH_PREFIX.length());
        String canonicalUri = path.isEmpty() ? "/" : path;
        String canonical = Tc3Signature.canonicalRequest(
                request.method(), canonicalUri, request.rawQuery(), signedHeaders, values, request.body());
        String expected = Tc3Signature.signature(
                secretKey, scopeDate, service, Tc3Signature.stringToSign(timestamp, scopeDate, service, canonical));
        return Hmac.equal(expected, signature);
    }

    private SlidingWindowLimiter limiter() {
        return new SlidingWindowLimiter(requestsPerSecond, Duration.ofSeconds(1), clock);
    }

    private static String header(SandboxRequest request, String name) {
        List<String> values = request.headers().get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    @Override
    public String endpointPath() {
        return PATH_PREFIX + "/";
    }

    @Override
    public Optional<Runnable> registration(SandboxChannel channel) {
        String path = channel.path();
        if (!path.equals(PATH_PREFIX) && !path.startsWith(PATH_PREFIX + "/")) {
            channel.wrongPath(PATH_PREFIX + "/");
            return Optional.empty();
        }
        String secretId = channel.required("secret-id");
        String secretKey = channel.required("secret-key");
        return secretId == null || secretKey == null
                ? Optional.empty()
                : Optional.of(() -> addKey(secretId, secretKey));
    }
}
