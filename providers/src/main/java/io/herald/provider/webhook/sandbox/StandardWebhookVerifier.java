package io.herald.provider.webhook.sandbox;

import io.herald.provider.spi.sandbox.Hmac;
import io.herald.provider.spi.sandbox.SandboxChannel;
import io.herald.provider.spi.sandbox.SandboxRequest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A receiver at {@value #PATH_PREFIX}{path} that verifies Standard Webhooks exactly as the spec's reference libraries
 * do: headers present, timestamp within five minutes of the sandbox clock either way, and any {@code v1} entry of
 * {@code webhook-signature} matching any of the endpoint's secrets (key rotation). Text reasons are the reference Java
 * library's exception messages; 410 answers an endpoint registered as gone (a receiver's way of saying "stop").
 * Spec: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md; reference
 * verifier: standard-webhooks/standard-webhooks libraries/java WebhookBase.java.
 */
public final class StandardWebhookVerifier implements SandboxVerifier {

    public static final String PROVIDER = "webhook";
    public static final String PATH_PREFIX = "/webhook/";

    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final Clock clock;
    private final Map<String, List<byte[]>> endpoints = new ConcurrentHashMap<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();

    public StandardWebhookVerifier(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Registers (or replaces) an endpoint at {@code /webhook/<path>} verifying with any of the {@code whsec_} secrets. */
    public void addEndpoint(String path, List<String> secrets) {
        String normalized = normalize(path);
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("an endpoint needs at least one whsec_ secret");
        }
        endpoints.put(
                normalized, secrets.stream().map(StandardWebhookSignature::key).toList());
        gone.remove(normalized);
    }

    /** Every request to {@code /webhook/<path>} answers 410 Gone from now on. */
    public void markGone(String path) {
        gone.add(normalize(path));
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
    public SandboxResponse handle(SandboxRequest request) {
        String path = request.path().substring(PATH_PREFIX.length());
        if (gone.contains(path)) {
            return SandboxResponse.text(410, "endpoint is gone", "gone");
        }
        List<byte[]> keys = endpoints.get(path);
        if (keys == null) {
            return SandboxResponse.text(404, "no such webhook endpoint", "no such endpoint");
        }
        if (!"POST".equals(request.method())) {
            return SandboxResponse.text(405, "use POST", "method not allowed");
        }
        String id = header(request, "webhook-id");
        String timestamp = header(request, "webhook-timestamp");
        String signatures = header(request, "webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            return SandboxResponse.text(400, "Missing required headers", "missing headers");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return SandboxResponse.text(400, "Invalid Signature Headers", "timestamp invalid");
        }
        long now = clock.instant().getEpochSecond();
        if (seconds < now - TOLERANCE.toSeconds()) {
            return SandboxResponse.text(401, "Message timestamp too old", "timestamp too old");
        }
        if (seconds > now + TOLERANCE.toSeconds()) {
            return SandboxResponse.text(401, "Message timestamp too new", "timestamp too new");
        }
        for (byte[] key : keys) {
            String expected = StandardWebhookSignature.sign(key, id, timestamp, request.body());
            for (String versioned : signatures.split(" ")) {
                int comma = versioned.indexOf(',');
                if (comma < 0 || !versioned.substring(0, comma).equals("v1")) {
                    continue;
                }
                if (Hmac.equal(expected, versioned.substring(comma + 1))) {
                    return new SandboxResponse(204, null, null, "ok");
                }
            }
        }
        return SandboxResponse.text(401, "No matching signature found", "sign not match");
    }

    private static String header(SandboxRequest request, String name) {
        List<String> values = request.headers().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static String normalize(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty()) {
            throw new IllegalArgumentException("path must not be empty");
        }
        return p;
    }

    @Override
    public String endpointPath() {
        return PATH_PREFIX;
    }

    @Override
    public Optional<Runnable> registration(SandboxChannel channel) {
        String path = channel.path();
        String endpointPath = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
        if (endpointPath.isEmpty()) {
            channel.wrongPath(PATH_PREFIX + "<path>");
            return Optional.empty();
        }
        String value = channel.required("secret");
        if (value == null) {
            return Optional.empty();
        }
        // the signer's rule: one whsec_<base64> secret, or several separated by commas while rotating keys
        String[] parts = value.split(",");
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            String which = parts.length == 1 ? "" : " (secret " + (i + 1) + " of " + parts.length + ")";
            String problem = whsecProblem(part);
            if (problem != null) {
                channel.problem(channel.at() + ".credentials.secret" + which + ": " + problem);
                return Optional.empty();
            }
            secrets.add(part);
        }
        return Optional.of(() -> addEndpoint(endpointPath, secrets));
    }

    private static String whsecProblem(String secret) {
        if (!secret.startsWith(StandardWebhookSignature.SECRET_PREFIX)) {
            return "must start with " + StandardWebhookSignature.SECRET_PREFIX;
        }
        try {
            if (Base64.getDecoder().decode(secret.substring(StandardWebhookSignature.SECRET_PREFIX.length())).length
                    == 0) {
                return "is empty after " + StandardWebhookSignature.SECRET_PREFIX;
            }
        } catch (IllegalArgumentException e) {
            return "is not Base64 after " + StandardWebhookSignature.SECRET_PREFIX;
        }
        return null;
    }
}
