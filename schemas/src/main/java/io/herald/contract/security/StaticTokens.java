package io.herald.contract.security;

import io.herald.contract.secret.SecretResolver;
import io.herald.contract.secret.SecretUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the configured token a presented bearer value is. Values are resolved from their references at most every
 * {@link #REFRESH} (rotation without restart) and compared as SHA-256 digests with {@link MessageDigest#isEqual},
 * against every token, so the time taken does not tell how much of a guess was right. Never logs a value.
 */
final class StaticTokens {

    static final Duration REFRESH = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(StaticTokens.class);

    private record Resolved(long at, Map<String, byte[]> digests) {}

    private final Map<String, HeraldSecurityProperties.Token> tokens;
    private final SecretResolver secrets;
    private final LongSupplier nanoTime;
    private volatile Resolved resolved;

    StaticTokens(Map<String, HeraldSecurityProperties.Token> tokens, SecretResolver secrets, LongSupplier nanoTime) {
        this.tokens = Map.copyOf(tokens);
        this.secrets = secrets;
        this.nanoTime = nanoTime;
    }

    boolean isEmpty() {
        return tokens.isEmpty();
    }

    Optional<Caller> find(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        String match = null;
        for (var token : digests().entrySet()) {
            if (MessageDigest.isEqual(digest, token.getValue()) && match == null) {
                match = token.getKey();
            }
        }
        if (match == null) {
            return Optional.empty();
        }
        HeraldSecurityProperties.Token token = tokens.get(match);
        return Optional.of(new Caller(
                match, new HashSet<>(token.roles()), new HashSet<>(token.tenants()), new HashSet<>(token.channels())));
    }

    private Map<String, byte[]> digests() {
        Resolved current = resolved;
        long now = nanoTime.getAsLong();
        if (current != null && now - current.at() < REFRESH.toNanos()) {
            return current.digests();
        }
        Map<String, byte[]> digests = new LinkedHashMap<>();
        tokens.forEach((name, token) -> {
            String property = "herald.security.tokens." + name + ".secret";
            try {
                digests.put(name, sha256(secrets.resolve(property, token.secret())));
            } catch (SecretUnavailableException e) {
                // the message names the property and the reason, never a value
                log.warn("Token {} cannot be used: {}", name, e.getMessage());
            }
        });
        resolved = new Resolved(now, Map.copyOf(digests));
        return resolved.digests();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
