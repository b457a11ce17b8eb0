package io.herald.provider.feishu.sandbox;

import io.herald.provider.spi.sandbox.Hmac;
import io.herald.provider.spi.sandbox.Masking;
import io.herald.provider.spi.sandbox.SandboxChannel;
import io.herald.provider.spi.sandbox.SandboxRequest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import io.herald.provider.spi.sandbox.SlidingWindowLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Behaves like a Feishu/Lark custom bot, {@code POST /open-apis/bot/v2/hook/{token}}, served at
 * {@value #PATH_PREFIX}{token}. Checks in this order: the token; for a bot with a signing secret the body's
 * {@code timestamp} (within one hour) and {@code sign}; the keywords; the rate limits (100 per minute and 5 per second
 * per bot); then {@code msg_type} and its content. Every answer is HTTP 200 with Feishu's JSON. Reads the bots
 * registered with {@link #addBot}. https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
 */
public final class FeishuBotVerifier implements SandboxVerifier {

    public static final String PROVIDER = "feishu";
    public static final String PATH_PREFIX = "/feishu/open-apis/bot/v2/hook/";

    static final Duration TIMESTAMP_TOLERANCE = Duration.ofHours(1);
    static final int PER_MINUTE = 100;
    static final int PER_SECOND = 5;

    /** The success body observed from the live endpoint (both the current and the legacy field set). */
    static final String SUCCESS =
            "{\"StatusCode\":0,\"StatusMessage\":\"success\",\"code\":0,\"data\":{},\"msg\":\"success\"}";

    /** Message types Feishu's custom bot accepts; the sandbox checks content only for text and post. */
    private static final Set<String> MSG_TYPES = Set.of("text", "post", "image", "share_chat", "interactive");

    private record Bot(
            String secret, List<String> keywords, SlidingWindowLimiter perMinute, SlidingWindowLimiter perSecond) {}

    private final Clock clock;
    private final JsonMapper json;
    private final Map<String, Bot> bots = new ConcurrentHashMap<>();

    public FeishuBotVerifier(Clock clock, JsonMapper json) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Registers (or replaces) a bot; a {@code null} or empty secret means the bot does not use signing. */
    public void addBot(String token, String secret) {
        addBot(token, secret, List.of());
    }

    /** As {@link #addBot(String, String)}, with Feishu's "custom keywords" security setting (any one must appear). */
    public void addBot(String token, String secret, List<String> keywords) {
        if (token == null || token.isBlank() || token.contains("/")) {
            throw new IllegalArgumentException("token must be non-blank and contain no '/'");
        }
        bots.put(
                token,
                new Bot(
                        secret == null || secret.isEmpty() ? null : secret,
                        List.copyOf(keywords),
                        new SlidingWindowLimiter(PER_MINUTE, Duration.ofMinutes(1), clock),
                        new SlidingWindowLimiter(PER_SECOND, Duration.ofSeconds(1), clock)));
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
        String token = path.substring(PATH_PREFIX.length());
        return token.isEmpty() ? path : PATH_PREFIX + Masking.mask(token);
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        if (!"POST".equals(request.method())) {
            return SandboxResponse.text(405, "use POST", "method not allowed");
        }
        Bot bot = bots.get(request.path().substring(PATH_PREFIX.length()));
        if (bot == null) {
            return error(FeishuError.TOKEN_INVALID);
        }
        JsonNode body;
        try {
            body = json.readTree(request.bodyText());
        } catch (JacksonException notJson) {
            return error(FeishuError.BAD_REQUEST);
        }
        if (body == null || !body.isObject()) {
            return error(FeishuError.BAD_REQUEST);
        }
        if (bot.secret() != null && !signatureValid(bot.secret(), body)) {
            return error(FeishuError.SIGN_MATCH_FAIL);
        }
        if (!bot.keywords().isEmpty() && bot.keywords().stream().noneMatch(request.bodyText()::contains)) {
            return error(FeishuError.KEY_WORDS_NOT_FOUND);
        }
        if (!bot.perSecond().tryAcquire()) {
            return error(FeishuError.FREQUENCY_LIMITED);
        }
        if (!bot.perMinute().tryAcquire()) {
            return error(FeishuError.FREQUENCY_LIMITED);
        }
        return checkMessage(body);
    }

    @Override
    public Optional<SandboxResponse> refusal(int status) {
        FeishuError error =
                status == 429 ? FeishuError.FREQUENCY_LIMITED : status >= 500 ? FeishuError.INTERNAL_ERROR : null;
        return Optional.ofNullable(error).map(e -> {
            SandboxResponse answer = error(e);
            return SandboxResponse.json(status, answer.body(), answer.verdict());
        });
    }

    /** The timestamp may be a JSON string or number (Feishu's samples use a string). */
    private boolean signatureValid(String secret, JsonNode body) {
        JsonNode ts = body.get("timestamp");
        String timestamp = ts == null || ts.isNull() ? null : ts.isString() ? ts.asString() : ts.toString();
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException | NullPointerException notANumber) {
            return false;
        }
        // bounds, not Math.abs(now - seconds), which overflows for a far timestamp (found by fuzzing DingTalk's twin)
        long now = clock.instant().getEpochSecond();
        if (seconds < now - TIMESTAMP_TOLERANCE.toSeconds() || seconds > now + TIMESTAMP_TOLERANCE.toSeconds()) {
            return false;
        }
        JsonNode sign = body.get("sign");
        return sign != null && sign.isString() && Hmac.equal(FeishuSignature.sign(secret, timestamp), sign.asString());
    }

    private SandboxResponse checkMessage(JsonNode body) {
        JsonNode type = body.get("msg_type");
        if (type == null || !type.isString() || !MSG_TYPES.contains(type.asString())) {
            return error(FeishuError.MSG_TYPE_INVALID);
        }
        String msgType = type.asString();
        if (msgType.equals("text")) {
            JsonNode content = body.get("content");
            JsonNode text = content == null ? null : content.get("text");
            if (text == null || !text.isString() || text.asString().isEmpty()) {
                return error(FeishuError.BAD_REQUEST);
            }
        } else if (msgType.equals("post")) {
            JsonNode content = body.get("content");
            if (content == null || !content.isObject() || content.get("post") == null) {
                return error(FeishuError.BAD_REQUEST);
            }
        } else if (msgType.equals("interactive")) {
            if (body.get("card") == null) {
                return error(FeishuError.BAD_REQUEST);
            }
        }
        return SandboxResponse.json(200, SUCCESS, "ok");
    }

    private SandboxResponse error(FeishuError error) {
        ObjectNode node = json.createObjectNode();
        node.put("code", error.code);
        node.putObject("data");
        node.put("msg", error.msg);
        String body = json.writeValueAsString(node);
        return SandboxResponse.json(200, body, error.verdict);
    }

    @Override
    public String endpointPath() {
        return PATH_PREFIX;
    }

    @Override
    public Optional<Runnable> registration(SandboxChannel channel) {
        String path = channel.path();
        String token = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
        if (token.isBlank() || token.contains("/")) {
            channel.wrongPath(PATH_PREFIX + "<hook token>");
            return Optional.empty();
        }
        boolean signed = channel.credentials().containsKey("secret");
        String secret = signed ? channel.required("secret") : null;
        return signed && secret == null ? Optional.empty() : Optional.of(() -> addBot(token, secret));
    }
}
