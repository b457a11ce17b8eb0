package io.herald.provider.wecom.sandbox;

import io.herald.provider.spi.sandbox.SandboxChannel;
import io.herald.provider.spi.sandbox.SandboxRequest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import io.herald.provider.spi.sandbox.SlidingWindowLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Behaves like a WeCom (企业微信) group robot, {@code POST /cgi-bin/webhook/send?key=KEY}, served at {@value #PATH}.
 * Checks the key, the rate limit (20 messages per minute per robot), then {@code msgtype} and its content. Every
 * answer is HTTP 200 with {@code {"errcode":..,"errmsg":..}}; error texts carry WeCom's
 * {@code ", hint: [..], from ip: .., more info at https://open.work.weixin.qq.com/devtool/query?e=<code>"} suffix.
 *
 * <p>Reads the robots registered with {@link #addRobot}. https://developer.work.weixin.qq.com/document/path/91770
 */
public final class WeComRobotVerifier implements SandboxVerifier {

    public static final String PROVIDER = "wecom";
    public static final String PATH = "/wecom/cgi-bin/webhook/send";

    /** "每个机器人发送的消息不能超过20条/分钟" (WeCom group-robot guide). */
    static final int MESSAGES_PER_MINUTE = 20;

    /** Types the group robot accepts; content is checked for text and markdown (what Herald sends). */
    private static final Set<String> MSG_TYPES =
            Set.of("text", "markdown", "markdown_v2", "image", "news", "file", "voice", "template_card");

    private final Clock clock;
    private final JsonMapper json;
    private final Map<String, SlidingWindowLimiter> robots = new ConcurrentHashMap<>();

    public WeComRobotVerifier(Clock clock, JsonMapper json) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
    }

    public void addRobot(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("key must not be blank");
        }
        robots.put(key, new SlidingWindowLimiter(MESSAGES_PER_MINUTE, Duration.ofMinutes(1), clock));
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public boolean serves(String path) {
        return PATH.equals(path);
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        if (!"POST".equals(request.method())) {
            return SandboxResponse.text(405, "use POST", "method not allowed");
        }
        String key = request.param("key");
        SlidingWindowLimiter limiter = key == null ? null : robots.get(key);
        if (limiter == null) {
            // wes-lin/Cloud189Checkin#175 (2025-08), qd-today/qd#586 (2025-02): a wrong or missing key.
            return error(93000, "invalid webhook url", "invalid webhook url");
        }
        if (!limiter.tryAcquire()) {
            // WecomTeam/wecom-openclaw-plugin#48 (2026-03): "errcode=45009, errmsg=api freq out of limit, hint: ..."
            return error(45009, "api freq out of limit", "rate limited");
        }
        JsonNode message;
        try {
            message = json.readTree(request.bodyText());
        } catch (JacksonException notJson) {
            message = null;
        }
        JsonNode type = message == null || !message.isObject() ? null : message.get("msgtype");
        if (type == null || !type.isString() || !MSG_TYPES.contains(type.asString())) {
            // "invalid message type" with the hint suffix: captured answers in client code (e.g. a 2020 WxJava-based
            // sender comment, a 2024 Go httptest table). A body that is not JSON is treated the same (inferred).
            return error(40008, "invalid message type", "invalid message type");
        }
        String msgtype = type.asString();
        if (msgtype.equals("text") || msgtype.startsWith("markdown")) {
            JsonNode body = message.get(msgtype);
            JsonNode content = body == null ? null : body.get("content");
            if (content == null || !content.isString() || content.asString().isEmpty()) {
                // 44004 "empty content, hint: [...]" as captured in a 2024 Go test table found by code search.
                return error(44004, "empty content", "empty content");
            }
        }
        return SandboxResponse.json(200, "{\"errcode\":0,\"errmsg\":\"ok\"}", "ok");
    }

    @Override
    public Optional<SandboxResponse> refusal(int status) {
        SandboxResponse answer = status == 429
                ? error(45009, "api freq out of limit", "rate limited")
                // WeCom's global error code -1 "系统繁忙" / "system busy" (retry later).
                : status >= 500 ? error(-1, "system busy", "system busy") : null;
        return Optional.ofNullable(answer).map(a -> SandboxResponse.json(status, a.body(), a.verdict()));
    }

    private SandboxResponse error(int errcode, String text, String verdict) {
        String hint = System.currentTimeMillis()
                + String.format("%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
        ObjectNode node = json.createObjectNode();
        node.put("errcode", errcode);
        node.put(
                "errmsg",
                text + ", hint: [" + hint + "], from ip: 127.0.0.1, more info at "
                        + "https://open.work.weixin.qq.com/devtool/query?e=" + errcode);
        return SandboxResponse.json(200, json.writeValueAsString(node), verdict);
    }

    @Override
    public String endpointPath() {
        return PATH;
    }

    @Override
    public Optional<Runnable> registration(SandboxChannel channel) {
        if (!channel.path().equals(PATH)) {
            channel.wrongPath(PATH);
            return Optional.empty();
        }
        String key = channel.required("key");
        return key == null ? Optional.empty() : Optional.of(() -> addRobot(key));
    }
}
