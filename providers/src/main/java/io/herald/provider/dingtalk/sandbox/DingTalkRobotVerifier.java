package io.herald.provider.dingtalk.sandbox;

import io.herald.provider.spi.sandbox.SandboxChannel;
import io.herald.provider.spi.sandbox.SandboxRequest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import io.herald.provider.spi.sandbox.SlidingWindowLimiter;
import java.nio.charset.StandardCharsets;
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
 * Behaves like DingTalk's custom robot endpoint {@code POST /robot/send?access_token=..&timestamp=..&sign=..}, served
 * at {@value #PATH}. Checks in DingTalk's order: the access token; for a robot with a signing secret the timestamp and
 * signature; the rate limit; then the message body. Every answer is HTTP 200 with DingTalk's JSON
 * {@code {"errcode":..,"errmsg":..}}. Reads the robots registered with {@link #addRobot}.
 * https://open.dingtalk.com/document/orgapp/custom-robot-access
 */
public final class DingTalkRobotVerifier implements SandboxVerifier {

    public static final String PROVIDER = "dingtalk";
    public static final String PATH = "/dingtalk/robot/send";

    /** DingTalk rejects a signature timestamp more than one hour from its clock. */
    static final Duration TIMESTAMP_TOLERANCE = Duration.ofHours(1);

    /** DingTalk: "每个机器人每分钟最多发送20条消息到群里". */
    static final int MESSAGES_PER_MINUTE = 20;

    /** DingTalk limits a message's text to 20,000 bytes (errcode 460101). */
    static final int MAX_MESSAGE_BYTES = 20_000;

    /** Message types DingTalk accepts but the sandbox does not model; Herald sends only text and markdown. */
    private static final Set<String> NOT_MODELLED = Set.of("link", "actionCard", "feedCard");

    private record Robot(String secret, SlidingWindowLimiter limiter) {}

    private final Clock clock;
    private final JsonMapper json;
    private final Map<String, Robot> robots = new ConcurrentHashMap<>();
    private volatile ErrmsgStyle style = ErrmsgStyle.CURRENT;

    public DingTalkRobotVerifier(Clock clock, JsonMapper json) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Registers (or replaces) a robot; a {@code null} or empty secret means the robot does not use signing. */
    public void addRobot(String accessToken, String secret) {
        if (accessToken == null || accessToken.isBlank()) {
            throw new IllegalArgumentException("accessToken must not be blank");
        }
        String normalizedSecret = secret == null || secret.isEmpty() ? null : secret;
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(MESSAGES_PER_MINUTE, Duration.ofMinutes(1), clock);
        robots.put(accessToken, new Robot(normalizedSecret, limiter));
    }

    public void errmsgStyle(ErrmsgStyle style) {
        this.style = Objects.requireNonNull(style, "style");
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
            // Not modelled on DingTalk's answer to other methods: the sandbox only needs to say "use POST".
            return SandboxResponse.text(405, "use POST", "method not allowed");
        }
        String token = request.param("access_token");
        if (token == null || token.isEmpty()) {
            return answer(DingTalkError.TOKEN_MISSING);
        }
        Robot robot = robots.get(token);
        if (robot == null) {
            return answer(DingTalkError.TOKEN_NOT_EXIST);
        }
        if (robot.secret() != null) {
            DingTalkError signatureProblem = checkSignature(robot.secret(), request);
            if (signatureProblem != null) {
                return answer(signatureProblem);
            }
        }
        // a message past the signature check takes a slot even when its body is then rejected (DingTalk's exact
        // counting is not documented)
        if (!robot.limiter().tryAcquire()) {
            return answer(DingTalkError.SEND_TOO_FAST);
        }
        return answer(checkMessage(request.bodyText()));
    }

    @Override
    public Optional<SandboxResponse> refusal(int status) {
        DingTalkError error =
                status == 429 ? DingTalkError.SEND_TOO_FAST : status >= 500 ? DingTalkError.SYSTEM_BUSY : null;
        return Optional.ofNullable(error).map(e -> {
            SandboxResponse answer = answer(e);
            return SandboxResponse.json(status, answer.body(), answer.verdict());
        });
    }

    /** Timestamp first, then the signature, as DingTalk reports them. */
    private DingTalkError checkSignature(String secret, SandboxRequest request) {
        String timestamp = request.param("timestamp");
        long millis;
        try {
            millis = Long.parseLong(timestamp);
        } catch (NumberFormatException | NullPointerException notANumber) {
            return DingTalkError.TIMESTAMP_INVALID;
        }
        // compared against bounds, not via Math.abs(now - millis): that overflows for far timestamps (found by fuzzing)
        long now = clock.millis();
        if (millis < now - TIMESTAMP_TOLERANCE.toMillis() || millis > now + TIMESTAMP_TOLERANCE.toMillis()) {
            return DingTalkError.TIMESTAMP_INVALID;
        }
        // The query value was URL-decoded like any server does ('+' became ' '), so an unencoded Base64 fails here.
        if (!DingTalkSignature.matches(secret, timestamp, request.param("sign"))) {
            return DingTalkError.SIGN_NOT_MATCH;
        }
        return null;
    }

    private DingTalkError checkMessage(String body) {
        JsonNode message;
        try {
            message = json.readTree(body);
        } catch (JacksonException notJson) {
            return DingTalkError.BODY_NOT_JSON;
        }
        if (message == null || !message.isObject()) {
            return DingTalkError.BODY_NOT_JSON;
        }
        String msgtype = text(message.get("msgtype"));
        if (msgtype == null) {
            return DingTalkError.MSGTYPE_MISSING;
        }
        return switch (msgtype) {
            case "text" -> checkText(message.get("text"));
            case "markdown" -> checkMarkdown(message.get("markdown"));
            default ->
                NOT_MODELLED.contains(msgtype) ? DingTalkError.MSGTYPE_NOT_MODELLED : DingTalkError.MSGTYPE_UNSUPPORTED;
        };
    }

    private static DingTalkError checkText(JsonNode text) {
        if (text == null || !text.isObject()) {
            return DingTalkError.TEXT_MISSING;
        }
        String content = text(text.get("content"));
        if (content == null) {
            return DingTalkError.TEXT_CONTENT_MISSING;
        }
        return tooLong(content) ? DingTalkError.MESSAGE_TOO_LONG : DingTalkError.OK;
    }

    private static DingTalkError checkMarkdown(JsonNode markdown) {
        if (markdown == null || !markdown.isObject()) {
            return DingTalkError.MARKDOWN_MISSING;
        }
        if (text(markdown.get("title")) == null) {
            return DingTalkError.MARKDOWN_TITLE_MISSING;
        }
        String text = text(markdown.get("text"));
        if (text == null) {
            return DingTalkError.MARKDOWN_TEXT_MISSING;
        }
        return tooLong(text) ? DingTalkError.MESSAGE_TOO_LONG : DingTalkError.OK;
    }

    /** A non-empty string value; DingTalk treats an empty string like a missing one (PrometheusAlert#63). */
    private static String text(JsonNode node) {
        return node != null && node.isString() && !node.asString().isEmpty() ? node.asString() : null;
    }

    private static boolean tooLong(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES;
    }

    private SandboxResponse answer(DingTalkError error) {
        String body = json.writeValueAsString(
                json.createObjectNode().put("errcode", error.errcode()).put("errmsg", error.errmsg(style)));
        return SandboxResponse.json(200, body, error.verdict());
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
        String token = channel.required("access-token");
        String secret = channel.required("secret");
        return token == null || secret == null ? Optional.empty() : Optional.of(() -> addRobot(token, secret));
    }
}
