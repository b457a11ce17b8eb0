package io.herald.signer.secrets;

import io.herald.contract.channel.ChannelRules;
import io.herald.schema.SealedSecrets;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /internal/v1/channel-secrets}: seals a secret submitted through the channel API (the audit service
 * forwards it once, in memory) for one credential of one channel with the channel-secrets key only the signer holds.
 * Body {@code {"channel","credential","value"}} (JSON, at most 16 KiB) → 200 {@code {"keyId","nonce","ciphertext"}}
 * (Base64), what the audit service stores; 400 naming the field, 413, 503 without an active key. The body is read
 * here, not by a message converter, so no framework log line can show it. Not in the OpenAPI document, like the
 * re-sign: an internal door, for Herald's own services.
 */
@Hidden
@RestController
class ChannelSecretsController {

    /** Needs a SERVICE credential ({@code io.herald.signer.SignerDoors}: every {@code /internal/**} door). */
    public static final String PATH = "/internal/v1/channel-secrets";

    /** Largest body accepted: a secret is a few hundred bytes at most (a PEM key a few KiB). */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private static final Pattern CREDENTIAL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The answer: what the audit service stores on {@code herald.channels} (nonce and ciphertext Base64). */
    record Sealed(String keyId, String nonce, String ciphertext) {}

    private final ChannelSecrets secrets;

    ChannelSecretsController(ChannelSecrets secrets) {
        this.secrets = secrets;
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> seal(HttpServletRequest request) throws IOException {
        if (!secrets.canSeal()) {
            return problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "No channel-secrets key",
                    "this signer has no key to seal channel secrets with: set "
                            + ChannelSecretsProperties.PREFIX + ".keys.<id> and " + ChannelSecretsProperties.PREFIX
                            + ".active-key",
                    List.of());
        }
        byte[] body = readAtMost(request.getInputStream(), MAX_BODY_BYTES);
        if (body == null) {
            return problem(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "Request body too large",
                    "the request body is larger than " + MAX_BODY_BYTES + " bytes",
                    List.of());
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException e) {
            // not e's message: it may quote the body, and with it the secret
            return invalid(List.of("body: not JSON; send {\"channel\", \"credential\", \"value\"}"));
        }
        if (json == null || !json.isObject()) {
            return invalid(List.of("body: must be a JSON object {\"channel\", \"credential\", \"value\"}"));
        }
        List<String> problems = new ArrayList<>();
        String channel = text(json, "channel", problems);
        String credential = text(json, "credential", problems);
        String value = text(json, "value", problems);
        if (channel != null && !ChannelRules.validName(channel)) {
            problems.add("channel: channel names are 1-63 of [a-z0-9_-], starting with a letter or digit");
        }
        if (credential != null && !CREDENTIAL.matcher(credential).matches()) {
            problems.add("credential: credential names are 1-63 of [a-z0-9_-], starting with a letter or digit");
        }
        if (!problems.isEmpty()) {
            return invalid(problems);
        }
        SealedSecrets sealed = secrets.seal(channel, credential, value.strip());
        return ResponseEntity.ok(
                new Sealed(sealed.getKeyId(), base64(sealed.getNonce()), base64(sealed.getCiphertext())));
    }

    /** The field as a non-blank string, or null with a problem naming it (never quoting it). */
    private static String text(JsonNode json, String field, List<String> problems) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            problems.add(field + ": required");
            return null;
        }
        if (!node.isString()) {
            problems.add(field + ": must be a string");
            return null;
        }
        String text = node.asString();
        if (text.isBlank()) {
            problems.add(field + ": must not be blank");
            return null;
        }
        return text;
    }

    /** The whole stream, or null when it is longer than {@code limit} (reading stops there). */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }

    private static String base64(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static ResponseEntity<ProblemDetail> invalid(List<String> problems) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid channel secret", String.join("; ", problems), problems);
    }

    private static ResponseEntity<ProblemDetail> problem(
            HttpStatus status, String title, String detail, List<String> problems) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (!problems.isEmpty()) {
            problem.setProperty("problems", problems);
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
