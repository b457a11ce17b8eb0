package io.herald.provider.slack.sandbox;

import io.herald.provider.spi.sandbox.Masking;
import io.herald.provider.spi.sandbox.SandboxChannel;
import io.herald.provider.spi.sandbox.SandboxRequest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import io.herald.provider.spi.sandbox.SlidingWindowLimiter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Behaves like a Slack incoming webhook, {@code POST https://hooks.slack.com/services/T../B../X..}, served at
 * {@value #PATH_PREFIX}{T}/{B}/{X}. Unlike the Chinese chat providers Slack answers with an HTTP status and a
 * plain-text error code, and rate-limits at about one message per second per webhook, short bursts allowed.
 * Error codes: https://api.slack.com/messaging/webhooks#handling_errors ("Handling errors").
 */
public final class SlackWebhookVerifier implements SandboxVerifier {

    public static final String PROVIDER = "slack";
    public static final String PATH_PREFIX = "/slack/services/";
    private static final java.util.regex.Pattern HOOK = java.util.regex.Pattern.compile("[^/]+/[^/]+/[^/]+");

    /** Default burst: 5 messages in any 5 seconds, i.e. about 1/s with short bursts. */
    static final int DEFAULT_BURST = 5;

    private record Hook(String team, String bot, String secret) {}

    private final Clock clock;
    private final JsonMapper json;
    private final Map<String, SlidingWindowLimiter> hooks = new ConcurrentHashMap<>();
    private final Set<String> archived = ConcurrentHashMap.newKeySet();
    private volatile int burst = DEFAULT_BURST;

    public SlackWebhookVerifier(Clock clock, JsonMapper json) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Registers {@code T…/B…/X…} (the part after {@code /services/}). */
    public void addWebhook(String path) {
        parse(path).orElseThrow(() -> new IllegalArgumentException("a Slack webhook path is T…/B…/X…"));
        hooks.put(path, limiter());
    }

    /** Its channel was archived: posts answer 410 {@code channel_is_archived}. */
    public void archive(String path) {
        archived.add(path);
    }

    /** Messages allowed in any {@code burst}-second window (applies to webhooks added afterwards). */
    public void burst(int burst) {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1");
        }
        this.burst = burst;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public boolean serves(String path) {
        return path.startsWith(PATH_PREFIX);
    }

    @Override
    public String maskPath(String path) {
        String rest = path.substring(PATH_PREFIX.length());
        int last = rest.lastIndexOf('/');
        return last < 0
                ? PATH_PREFIX + Masking.mask(rest)
                : PATH_PREFIX + rest.substring(0, last + 1) + Masking.mask(rest.substring(last + 1));
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        if (!"POST".equals(request.method())) {
            return SandboxResponse.text(405, "invalid_method", "method not allowed");
        }
        String path = request.path().substring(PATH_PREFIX.length());
        SlidingWindowLimiter limiter = hooks.get(path);
        if (limiter == null) {
            Hook asked = parse(path).orElse(null);
            boolean sameTeamAndBot = asked != null
                    && hooks.keySet().stream()
                            .map(SlackWebhookVerifier::parse)
                            .flatMap(java.util.Optional::stream)
                            .anyMatch(h ->
                                    h.team().equals(asked.team()) && h.bot().equals(asked.bot()));
            // known team and bot, wrong secret: 403 invalid_token, as quoted in gueils/whales#38 and zulip/zulip#14251
            return sameTeamAndBot
                    ? SandboxResponse.text(403, "invalid_token", "invalid token")
                    : SandboxResponse.text(404, "no_service", "no service");
        }
        if (archived.contains(path)) {
            return SandboxResponse.text(410, "channel_is_archived", "channel is archived");
        }
        if (!limiter.tryAcquire()) {
            long seconds = Math.max(1, (limiter.retryAfter().toMillis() + 999) / 1000);
            return SandboxResponse.text(429, "rate_limited", "rate limited")
                    .withHeader("Retry-After", Long.toString(seconds));
        }
        JsonNode message;
        try {
            message = json.readTree(request.bodyText());
        } catch (JacksonException notJson) {
            message = null;
        }
        if (message == null || !message.isObject()) {
            return SandboxResponse.text(400, "invalid_payload", "invalid payload");
        }
        JsonNode text = message.get("text");
        boolean hasText = text != null && text.isString() && !text.asString().isBlank();
        boolean hasBlocks = message.get("blocks") != null
                && message.get("blocks").isArray()
                && !message.get("blocks").isEmpty();
        boolean hasAttachments = message.get("attachments") != null
                && message.get("attachments").isArray()
                && !message.get("attachments").isEmpty();
        if (!hasText && !hasBlocks && !hasAttachments) {
            return SandboxResponse.text(400, "no_text", "no text");
        }
        return SandboxResponse.text(200, "ok", "ok");
    }

    /** 429 {@code rate_limited} with {@code Retry-After}; 500 {@code rollup_error} (Slack's internal error text). */
    @Override
    public java.util.Optional<SandboxResponse> refusal(int status) {
        return switch (status) {
            case 429 ->
                java.util.Optional.of(SandboxResponse.text(429, "rate_limited", "rate limited")
                        .withHeader("Retry-After", "1"));
            case 500 -> java.util.Optional.of(SandboxResponse.text(500, "rollup_error", "internal error"));
            default -> java.util.Optional.empty();
        };
    }

    private SlidingWindowLimiter limiter() {
        return new SlidingWindowLimiter(burst, Duration.ofSeconds(burst), clock);
    }

    private static java.util.Optional<Hook> parse(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Hook(parts[0], parts[1], parts[2]));
    }

    @Override
    public String endpointPath() {
        return PATH_PREFIX;
    }

    /** The whole webhook URL is the credential; the signer wants it on the endpoint's origin, here the sandbox. */
    @Override
    public Optional<Runnable> registration(SandboxChannel channel) {
        String url = channel.required("webhook-url");
        if (url == null) {
            return Optional.empty();
        }
        String problem = channel.at() + ".credentials.webhook-url: must be a URL " + channel.sandboxUrl() + PATH_PREFIX
                + "T…/B…/X… (on the sandbox)";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            channel.problem(problem);
            return Optional.empty();
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String hook = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
        if (!uri.isAbsolute()
                || uri.getHost() == null
                || !channel.onSandbox(uri)
                || !HOOK.matcher(hook).matches()) {
            channel.problem(problem);
            return Optional.empty();
        }
        return Optional.of(() -> addWebhook(hook));
    }
}
