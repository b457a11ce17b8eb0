package io.herald.ingest.intake;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.channel.ChannelEntry;
import io.herald.contract.provider.ContentProblem;
import io.herald.contract.provider.Provider;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides whether a request can be delivered, and if not, why: it checks every intake rule (channel, content kind and
 * size, the provider's own rules from {@link Provider#problems}, identifier forms) and returns every violation, so the
 * caller can fix them all at once. The one place that knows the intake rules. Channels are looked up per request in the
 * live {@link ChannelDirectory}: a channel created a moment ago is found, a deleted one is refused, a tenant's channel
 * takes notifications of that tenant only, and a disabled one is accepted (its notifications park downstream).
 */
@Component
public class RequestValidator {

    static final Pattern NOTIFICATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ChannelDirectory channels;

    public RequestValidator(ChannelDirectory channels) {
        this.channels = channels;
    }

    /**
     * The verdict on one request and the channel it was checked against (looked up once, so the notification is built
     * from the definition that was checked, even when the channel changes meanwhile).
     *
     * @param channel the channel, when the request may be accepted
     */
    record Checked(List<FieldViolation> violations, Optional<Channel> channel) {}

    /** Every violation of the intake rules; empty when the request may be accepted. */
    public List<FieldViolation> validate(IntakeRequest request) {
        return check(request).violations();
    }

    Checked check(IntakeRequest request) {
        List<FieldViolation> violations = new ArrayList<>(request.readProblems());
        Optional<Channel> channel = checkChannel(request.channel(), request.tenant(), violations);
        checkContent(request, channel, violations);
        checkNotificationId(request.notificationId(), violations);
        checkIdempotencyKey(request.idempotencyKey(), violations);
        checkTenant(request.tenant(), violations);
        return new Checked(List.copyOf(violations), violations.isEmpty() ? channel : Optional.empty());
    }

    /** True when the provider takes API calls (Tencent Cloud, DogeCloud) rather than chat messages. */
    private static boolean takesApiCalls(Provider provider) {
        return provider.kind() == Provider.Kind.API;
    }

    private Optional<Channel> checkChannel(String name, String tenant, List<FieldViolation> violations) {
        if (isBlank(name)) {
            violations.add(new FieldViolation("channel", ViolationCode.MISSING, "channel is required"));
            return Optional.empty();
        }
        Optional<ChannelEntry> entry = channels.entry(name);
        if (entry.isEmpty()) {
            violations.add(new FieldViolation(
                    "channel",
                    ViolationCode.UNKNOWN_CHANNEL,
                    "channel '" + abbreviate(name) + "' is not in the channel catalog"));
            return Optional.empty();
        }
        if (entry.get().deleted()) {
            violations.add(new FieldViolation(
                    "channel", ViolationCode.CHANNEL_DELETED, "channel '" + abbreviate(name) + "' was deleted"));
            return Optional.empty();
        }
        String owner = entry.get().tenant();
        if (owner != null && !owner.equals(tenant)) {
            violations.add(new FieldViolation(
                    "channel",
                    ViolationCode.CHANNEL_NOT_AVAILABLE,
                    "channel '" + abbreviate(name) + "' is not available to "
                            + (tenant == null
                                    ? "notifications without a tenant"
                                    : "tenant '" + abbreviate(tenant) + "'")));
            return Optional.empty();
        }
        return Optional.of(entry.get().channel());
    }

    private void checkContent(IntakeRequest request, Optional<Channel> channel, List<FieldViolation> violations) {
        Object content = request.content();
        if (content == null) {
            if (request.readProblems().stream().noneMatch(v -> v.field().equals("content"))) {
                violations.add(
                        new FieldViolation("content", ViolationCode.MISSING, "a message or an apiCall is required"));
            }
            return;
        }
        Optional<Provider> provider = channel.map(Channel::providerType);
        if (provider.isPresent()) {
            boolean wantsApiCall = takesApiCalls(provider.get());
            if (wantsApiCall && content instanceof ChatMessage) {
                violations.add(new FieldViolation(
                        "message",
                        ViolationCode.WRONG_CONTENT_KIND,
                        "channel '" + request.channel() + "' (" + provider.get().id()
                                + ") takes an apiCall, not a message"));
                return;
            }
            if (!wantsApiCall && content instanceof ApiCall) {
                violations.add(new FieldViolation(
                        "apiCall",
                        ViolationCode.WRONG_CONTENT_KIND,
                        "channel '" + request.channel() + "' (" + provider.get().id()
                                + ") takes a message, not an apiCall"));
                return;
            }
        }
        if (content instanceof ChatMessage message) {
            checkMessage(message, channel, violations);
            provider.ifPresent(p -> addProviderProblems(p.problems(message), violations));
        } else if (content instanceof ApiCall call) {
            provider.ifPresent(p -> addProviderProblems(p.problems(call), violations));
            checkApiCall(call, violations);
        } else {
            violations.add(new FieldViolation(
                    "content", ViolationCode.INVALID_FORMAT, "content must be a message or an apiCall"));
        }
    }

    private void checkMessage(ChatMessage message, Optional<Channel> channel, List<FieldViolation> violations) {
        String text = message.getText();
        if (isBlank(text)) {
            violations.add(new FieldViolation(
                    "message.text", ViolationCode.MISSING, "message text is required and must not be blank"));
        } else if (channel.isPresent()) {
            int size = text.getBytes(StandardCharsets.UTF_8).length;
            int limit = channel.get().effectiveMaxMessageBytes();
            if (size > limit) {
                violations.add(new FieldViolation(
                        "message.text",
                        ViolationCode.TOO_LARGE,
                        "message text is " + size + " bytes in UTF-8; channel takes at most " + limit));
            }
        }
        if (message.getFormat() == null) {
            violations.add(new FieldViolation(
                    "message.format", ViolationCode.MISSING, "message format is required: text or markdown"));
        }
    }

    /** The provider's own rules (a DingTalk markdown title, a Tencent Cloud action, …), from its plug-in. */
    private static void addProviderProblems(List<ContentProblem> problems, List<FieldViolation> violations) {
        for (ContentProblem problem : problems) {
            violations.add(new FieldViolation(
                    problem.field(),
                    problem.missing() ? ViolationCode.MISSING : ViolationCode.INVALID_FORMAT,
                    problem.message()));
        }
    }

    private void checkApiCall(ApiCall call, List<FieldViolation> violations) {
        String method = call.getMethod();
        if (isBlank(method)) {
            violations.add(new FieldViolation("apiCall.method", ViolationCode.MISSING, "apiCall method is required"));
        } else if (!HTTP_METHODS.contains(method)) {
            violations.add(new FieldViolation(
                    "apiCall.method",
                    ViolationCode.INVALID_FORMAT,
                    "apiCall method must be one of GET, POST, PUT, PATCH, DELETE"));
        }
        String path = call.getPath();
        if (isBlank(path)) {
            violations.add(new FieldViolation("apiCall.path", ViolationCode.MISSING, "apiCall path is required"));
        } else if (!path.startsWith("/")
                || path.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            violations.add(new FieldViolation(
                    "apiCall.path",
                    ViolationCode.INVALID_FORMAT,
                    "apiCall path must start with / and contain no spaces or control characters"));
        }
        String body = call.getBody();
        if (body != null) {
            String problem = jsonProblem(body);
            if (problem != null) {
                violations.add(new FieldViolation(
                        "apiCall.body", ViolationCode.INVALID_FORMAT, "apiCall body is not valid JSON: " + problem));
            }
        }
    }

    private static void checkNotificationId(String notificationId, List<FieldViolation> violations) {
        if (notificationId != null && !NOTIFICATION_ID.matcher(notificationId).matches()) {
            violations.add(new FieldViolation(
                    "notificationId",
                    ViolationCode.INVALID_FORMAT,
                    "notificationId must be 1-64 characters of A-Z a-z 0-9 . _ : -"));
        }
    }

    private static void checkIdempotencyKey(String key, List<FieldViolation> violations) {
        if (key == null) {
            return;
        }
        if (key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            violations.add(new FieldViolation(
                    "idempotencyKey",
                    ViolationCode.TOO_LARGE,
                    "idempotencyKey is " + key.length() + " characters; at most " + MAX_IDEMPOTENCY_KEY_LENGTH
                            + " are allowed"));
        }
        if (key.isBlank() || !isPrintable(key)) {
            violations.add(new FieldViolation(
                    "idempotencyKey",
                    ViolationCode.INVALID_FORMAT,
                    "idempotencyKey must be printable characters (no control characters) and not blank"));
        }
    }

    private static void checkTenant(String tenant, List<FieldViolation> violations) {
        if (tenant != null && !TENANT.matcher(tenant).matches()) {
            violations.add(new FieldViolation(
                    "tenant", ViolationCode.INVALID_FORMAT, "tenant must be 1-64 characters of A-Z a-z 0-9 . _ -"));
        }
    }

    /** Printable: no control, format, unassigned, private-use or lone surrogate code points. */
    private static boolean isPrintable(String value) {
        return value.codePoints().allMatch(c -> switch (Character.getType(c)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.UNASSIGNED,
                    Character.PRIVATE_USE,
                    Character.SURROGATE -> false;
            default -> true;
        });
    }

    private static String jsonProblem(String body) {
        try {
            var node = JSON.readTree(body);
            return node == null || node.isMissingNode() ? "it is empty; omit the body or give JSON" : null;
        } catch (JacksonException e) {
            String message = e.getOriginalMessage();
            var location = e.getLocation();
            String at = location == null
                    ? ""
                    : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            return abbreviate(firstLine(message)) + at;
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String firstLine(String value) {
        if (value == null) {
            return "unreadable";
        }
        int newline = value.indexOf('\n');
        return newline < 0 ? value : value.substring(0, newline);
    }

    /** Keeps caller-supplied text short and on one line in messages and logs. */
    static String abbreviate(String value) {
        String shown = value.length() <= 100 ? value : value.substring(0, 100) + "...";
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
