package io.herald.provider.alibabacloud.sandbox;

import io.herald.provider.spi.sandbox.Hmac;
import io.herald.provider.spi.sandbox.QueryString;
import io.herald.provider.spi.sandbox.SandboxChannel;
import io.herald.provider.spi.sandbox.SandboxRequest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import io.herald.provider.spi.sandbox.SlidingWindowLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Behaves like Alibaba Cloud's OpenAPI gateway in front of Alidns ({@code https://alidns.aliyuncs.com/}, version
 * 2015-01-09, RPC style), served at {@value #PATH_PREFIX}: signature V3 verified from the request as received
 * ({@link Acs3Verification}), then the record actions {@code AddDomainRecord}, {@code UpdateDomainRecord} and
 * {@code DescribeDomainRecords} on an in-memory zone, answered with Alibaba's shapes and statuses.
 * https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
 */
public final class AlibabaCloudVerifier implements SandboxVerifier {

    public static final String PROVIDER = "alibabacloud";
    public static final String PATH_PREFIX = "/alibabacloud";

    /** "The timestamp must be within 15 minutes before the request is sent" (x-acs-date, V3 page). */
    static final Duration DATE_TOLERANCE = Duration.ofMinutes(15);
    /** Alidns's published quota of AddDomainRecord/UpdateDomainRecord: 60 per second (the sandbox counts per key). */
    static final int DEFAULT_REQUESTS_PER_SECOND = 60;

    static final String VERSION = "2015-01-09";
    private static final Set<String> COMMON_HEADERS = Set.of(
            "host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version");
    private static final DateTimeFormatter ACS_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");

    private record Key(String secret, SlidingWindowLimiter limiter) {}

    private final Clock clock;
    private final AlibabaCloudAnswers answers;
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final NonceMemory nonces = new NonceMemory();
    private final AlidnsZone zone;
    private volatile int requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;

    public AlibabaCloudVerifier(Clock clock, JsonMapper json) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.answers = new AlibabaCloudAnswers(Objects.requireNonNull(json, "json"));
        this.zone = new AlidnsZone(json, answers);
    }

    public void addKey(String accessKeyId, String accessKeySecret) {
        if (accessKeyId == null || accessKeyId.isBlank() || accessKeySecret == null || accessKeySecret.isEmpty()) {
            throw new IllegalArgumentException("accessKeyId and accessKeySecret must not be blank");
        }
        keys.put(accessKeyId, new Key(accessKeySecret, limiter()));
    }

    /** Requests per second per AccessKeyId before {@code Throttling.User}; applies to the keys already added too. */
    public void requestsPerSecond(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.requestsPerSecond = limit;
        keys.replaceAll((id, key) -> new Key(key.secret(), limiter()));
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public boolean serves(String path) {
        return path.equals(PATH_PREFIX) || path.startsWith(PATH_PREFIX + "/");
    }

    @Override
    public String endpointPath() {
        return PATH_PREFIX + "/";
    }

    /**
     * Checks in order: ACS3 Authorization form, AccessKeyId known, x-acs-date well formed and within 15 minutes, the
     * required headers signed, the signature (covering x-acs-content-sha256 against the body received), nonce not seen
     * before, the per-AccessKeyId rate limit; then the action.
     */
    @Override
    public SandboxResponse handle(SandboxRequest request) {
        String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        Optional<Acs3Verification.Claim> found = Acs3Verification.claim(header(request, "authorization"));
        if (found.isEmpty()) {
            return answers.error(AlibabaCloudError.INCOMPLETE_SIGNATURE, requestId);
        }
        Acs3Verification.Claim claim = found.get();
        Key key = keys.get(claim.accessKeyId());
        if (key == null) {
            return answers.error(AlibabaCloudError.ACCESS_KEY_NOT_FOUND, requestId);
        }
        Instant date;
        try {
            date = LocalDateTime.parse(
                            Objects.requireNonNullElse(header(request, "x-acs-date"), "")
                                    .trim(),
                            ACS_DATE)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return answers.error(AlibabaCloudError.TIMESTAMP_FORMAT, requestId);
        }
        Instant now = clock.instant();
        if (date.isBefore(now.minus(DATE_TOLERANCE)) || date.isAfter(now.plus(DATE_TOLERANCE))) {
            return answers.error(AlibabaCloudError.TIMESTAMP_EXPIRED, requestId);
        }
        if (!allSigned(request, claim.signedHeaders())) {
            return answers.error(AlibabaCloudError.INCOMPLETE_SIGNATURE, requestId);
        }
        Map<String, String> values = new LinkedHashMap<>();
        claim.signedHeaders().forEach(name -> values.put(name, header(request, name)));
        String canonical = Acs3Verification.canonicalRequest(
                request.method(),
                canonicalUri(request.path()),
                request.rawQuery(),
                claim.signedHeaders(),
                values,
                request.body());
        String expected = Acs3Verification.signature(key.secret(), Acs3Verification.stringToSign(canonical));
        if (!Hmac.equal(expected, claim.signature())) {
            boolean bodyHashWrong = !Hmac.sha256Hex(request.body()).equals(header(request, "x-acs-content-sha256"));
            SandboxResponse mismatch = answers.error(AlibabaCloudError.SIGNATURE_DOES_NOT_MATCH, requestId);
            return bodyHashWrong ? mismatch.withVerdict("x-acs-content-sha256 does not match the body") : mismatch;
        }
        if (!nonces.firstUse(header(request, "x-acs-signature-nonce"), date.plus(DATE_TOLERANCE), now)) {
            return answers.error(AlibabaCloudError.NONCE_USED, requestId);
        }
        if (!key.limiter().tryAcquire()) {
            return answers.error(AlibabaCloudError.THROTTLING_USER, requestId);
        }
        if (!VERSION.equals(header(request, "x-acs-version"))) {
            return answers.error(AlibabaCloudError.API_NOT_FOUND, requestId);
        }
        Map<String, String> parameters = parameters(request);
        return switch (Objects.requireNonNullElse(header(request, "x-acs-action"), "")) {
            case "AddDomainRecord" -> zone.add(parameters, requestId);
            case "UpdateDomainRecord" -> zone.update(parameters, requestId);
            case "DescribeDomainRecords" -> zone.describe(parameters, requestId);
            default -> answers.error(AlibabaCloudError.API_NOT_FOUND, requestId);
        };
    }

    @Override
    public Optional<SandboxResponse> refusal(int status) {
        String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        AlibabaCloudError error = status == 429
                ? AlibabaCloudError.THROTTLING_USER
                : status == 503
                        ? AlibabaCloudError.SERVICE_UNAVAILABLE
                        : status >= 500 ? AlibabaCloudError.INTERNAL_ERROR : null;
        return Optional.ofNullable(error)
                .map(e -> answers.error(e, requestId))
                .map(answer -> SandboxResponse.json(status, answer.body(), answer.verdict()));
    }

    @Override
    public Optional<Runnable> registration(SandboxChannel channel) {
        String path = channel.path();
        if (!serves(path)) {
            channel.wrongPath(endpointPath());
            return Optional.empty();
        }
        String accessKeyId = channel.required("access-key-id");
        String accessKeySecret = channel.required("access-key-secret");
        return accessKeyId == null || accessKeySecret == null
                ? Optional.empty()
                : Optional.of(() -> addKey(accessKeyId, accessKeySecret));
    }

    /** The common headers must be signed, and so must every x-acs-* and content-type header that was sent. */
    private static boolean allSigned(SandboxRequest request, List<String> signedHeaders) {
        if (!signedHeaders.containsAll(COMMON_HEADERS)) {
            return false;
        }
        for (String name : request.headers().keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if ((lower.startsWith("x-acs-") || lower.equals("content-type")) && !signedHeaders.contains(lower)) {
                return false;
            }
        }
        return signedHeaders.stream().allMatch(name -> header(request, name) != null);
    }

    private static String canonicalUri(String path) {
        String below = path.substring(PATH_PREFIX.length());
        return below.isEmpty() ? "/" : below;
    }

    /** RPC parameters: the query, and a form body when one was sent ("in":"formData"). */
    private static Map<String, String> parameters(SandboxRequest request) {
        Map<String, String> parameters = new LinkedHashMap<>(request.params());
        String contentType = header(request, "content-type");
        if (contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            QueryString.firstValues(request.bodyText()).forEach(parameters::putIfAbsent);
        }
        return parameters;
    }

    private SlidingWindowLimiter limiter() {
        return new SlidingWindowLimiter(requestsPerSecond, Duration.ofSeconds(1), clock);
    }

    /** The first value of a header, names compared without case (however the map was built). */
    private static String header(SandboxRequest request, String name) {
        List<String> values = request.headers().get(name);
        if (values == null) {
            values = request.headers().entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
