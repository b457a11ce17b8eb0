package io.herald.signer.preview;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.channel.ChannelEntry;
import io.herald.contract.redaction.Redaction;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.provider.spi.signing.UnsignableNotificationException;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import io.herald.schema.Source;
import io.herald.signer.clock.TrustedClock;
import io.herald.signer.signing.RequestSigning;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/signatures/preview}: shows how the signer would sign a payload for a channel, for troubleshooting
 * "sign not match" and expired-signature errors: the timestamp and clock verdict, the string-to-sign and signature,
 * and the final request, secrets and credentials masked. Nothing is sent or written to Kafka.
 */
@RestController
public class PreviewController {

    /** Needs an OPERATOR credential ({@code io.herald.signer.SignerDoors}): it signs whatever it is given. */
    public static final String PATH = "/v1/signatures/preview";

    /**
     * The request body: {@code {"channel":"ops","message":{"text":"…","format":"text|markdown","title":"…"}}} for chat
     * providers, {@code {"channel":"dns","apiCall":{"action":"…","version":"…","method":"POST","body":"{}"}}} for API
     * providers; optional {@code "timestamp"}: ISO-8601 instant or epoch milliseconds.
     */
    public record PreviewRequest(String channel, Message message, Api apiCall, String timestamp) {}

    public record Message(
            String text, String format, String title, List<String> mobiles, List<String> userIds, Boolean all) {}

    public record Api(String action, String version, String region, String method, String path, String body) {}

    private final ChannelDirectory directory;
    private final RequestSigning signing;
    private final TrustedClock clock;

    public PreviewController(ChannelDirectory directory, RequestSigning signing, TrustedClock clock) {
        this.directory = directory;
        this.signing = signing;
        this.clock = clock;
    }

    @Operation(
            summary = "Sign a payload as a delivery would be signed, sending nothing (role OPERATOR)",
            description = "For sign-not-match and expired-signature errors; secrets masked")
    @ApiResponse(
            responseCode = "200",
            description = "timestamp, clock (offsetSeconds, boundSeconds, wouldSignNow, reason), stringToSign,"
                    + " signature, request (method, url, headers, body; secrets masked), credentialsSealedOnKafka",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
    @ApiResponse(responseCode = "400", description = "No channel, no content, or an unreadable timestamp")
    @ApiResponse(responseCode = "422", description = "The channel cannot sign this content")
    @ApiResponse(responseCode = "404", description = "No such channel in the catalog")
    @ApiResponse(responseCode = "409", description = "The channel is disabled: nothing is signed for it until enabled")
    @ApiResponse(responseCode = "410", description = "The channel was deleted")
    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> preview(@RequestBody PreviewRequest request) {
        if (request.channel() == null || request.channel().isBlank()) {
            return problem(HttpStatus.BAD_REQUEST, "channel is required");
        }
        Optional<Channel> channel = directory.entry(request.channel()).map(ChannelEntry::channel);
        if (channel.isEmpty()) {
            return problem(
                    HttpStatus.NOT_FOUND, "herald.channels." + request.channel() + ": no such channel in the catalog");
        }
        Object content;
        if (request.apiCall() != null) {
            Api api = request.apiCall();
            ApiCall.Builder call = ApiCall.newBuilder()
                    .setAction(api.action())
                    .setVersion(api.version())
                    .setRegion(api.region())
                    .setBody(api.body());
            if (api.method() != null) {
                call.setMethod(api.method());
            }
            if (api.path() != null) {
                call.setPath(api.path());
            }
            content = call.build();
        } else if (request.message() != null && request.message().text() != null) {
            Message m = request.message();
            content = ChatMessage.newBuilder()
                    .setText(m.text())
                    .setTitle(m.title())
                    .setFormat("markdown".equalsIgnoreCase(m.format()) ? MessageFormat.MARKDOWN : MessageFormat.TEXT)
                    .setMentions(Mentions.newBuilder()
                            .setMobiles(m.mobiles() == null ? List.of() : m.mobiles())
                            .setUserIds(m.userIds() == null ? List.of() : m.userIds())
                            .setAll(Boolean.TRUE.equals(m.all()))
                            .build())
                    .build();
        } else {
            return problem(HttpStatus.BAD_REQUEST, "give message.text (chat providers) or apiCall (API providers)");
        }
        Instant at;
        String timestampSource;
        try {
            at = request.timestamp() == null ? clock.now() : parse(request.timestamp());
            timestampSource = request.timestamp() == null ? "trusted clock" : "given";
        } catch (DateTimeParseException | NumberFormatException e) {
            return problem(HttpStatus.BAD_REQUEST, "timestamp must be an ISO-8601 instant or epoch milliseconds");
        }
        AcceptedNotification notification = AcceptedNotification.newBuilder()
                .setNotificationId("preview-" + UUID.randomUUID())
                .setChannel(request.channel())
                .setProvider(channel.get().provider())
                .setContent(content)
                .setSource(Source.HTTP)
                .setAcceptedAt(at)
                .build();
        RequestSigning.Result result;
        try {
            result = signing.sign(notification, 1, List.of(), Optional.of(at));
        } catch (UnsignableNotificationException e) {
            return problem(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        }
        if (result.refused()) {
            // a deleted or disabled channel answers as such; anything else (credential, provider) cannot be signed
            HttpStatus status = switch (result.cause()) {
                case DELETED -> HttpStatus.GONE;
                case DISABLED -> HttpStatus.CONFLICT;
                case UNKNOWN_CHANNEL -> HttpStatus.NOT_FOUND;
                case UNSIGNABLE, CLOCK -> HttpStatus.UNPROCESSABLE_CONTENT;
            };
            return problem(status, result.delivery().getRefusal().getReason());
        }
        SignedRequest signed = result.signed().orElseThrow();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("channel", request.channel());
        answer.put("provider", channel.get().provider());
        answer.put("timestamp", result.delivery().getSignedAt().toString());
        answer.put("timestampMillis", result.delivery().getSignedAt().toEpochMilli());
        answer.put("timestampSource", timestampSource);
        Map<String, Object> clockState = new LinkedHashMap<>();
        clock.estimate()
                .ifPresentOrElse(
                        e -> {
                            clockState.put("offsetSeconds", e.offset().toNanos() / 1e9);
                            clockState.put("boundSeconds", e.bound().toNanos() / 1e9);
                        },
                        () -> {
                            clockState.put("offsetSeconds", 0);
                            clockState.put("boundSeconds", "unknown");
                        });
        TrustedClock.Verdict verdict = clock.check(channel.get().providerType());
        clockState.put("wouldSignNow", verdict.signable());
        clockState.put("reason", verdict.reason());
        answer.put("clock", clockState);
        answer.put("stringToSign", signed.stringToSign());
        answer.put("signature", signed.signature());
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(signed.call().getHeaders());
        signed.secretHeaders().forEach(name -> headers.computeIfPresent(name, (k, v) -> maskHeader(v)));
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", signed.call().getMethod());
        http.put("url", signed.maskedUrl());
        http.put("headers", headers);
        http.put("body", utf8(signed.call().getBody()));
        answer.put("request", http);
        answer.put("credentialsSealedOnKafka", signing.sealing());
        return ResponseEntity.ok(answer);
    }

    /** Keeps what identifies the scheme and the key id, masks the rest: {@code TOKEN ***}, {@code TC3-HMAC-SHA256 ***}. */
    static String maskHeader(String value) {
        int space = value.indexOf(' ');
        return (space > 0 ? value.substring(0, space + 1) : "") + Redaction.MASK;
    }

    private static Instant parse(String timestamp) {
        String t = timestamp.strip();
        return t.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(t)) : Instant.parse(t);
    }

    private static String utf8(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
