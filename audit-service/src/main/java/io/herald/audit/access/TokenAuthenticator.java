package io.herald.audit.access;

import io.herald.contract.secret.SecretResolver;
import io.herald.contract.secret.SecretUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the configured token a presented bearer value matches. Token values are resolved from their references on each
 * call (rotation without restart) and compared as SHA-256 digests with {@link MessageDigest#isEqual}, against every
 * configured token, so the time taken does not tell how much of a guess was right. Never logs a value.
 */
public final class TokenAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(TokenAuthenticator.class);

    private final Map<String, AccessProperties.Token> tokens;
    private final SecretResolver secrets;

    public TokenAuthenticator(AccessProperties properties, SecretResolver secrets) {
        this.tokens = Map.copyOf(properties.tokens());
        this.secrets = secrets;
    }

    public Optional<Caller> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] presentedDigest = sha256(presented);
        Caller match = null;
        for (var entry : tokens.entrySet()) {
            String property = "herald.audit.tokens." + entry.getKey() + ".secret";
            String expected;
            try {
                expected = secrets.resolve(property, entry.getValue().secret());
            } catch (SecretUnavailableException e) {
                // the message names the property and the reason, never a value
                log.warn("API token {} cannot be used: {}", entry.getKey(), e.getMessage());
                continue;
            }
            if (MessageDigest.isEqual(presentedDigest, sha256(expected)) && match == null) {
                match = new Caller(entry.getKey(), entry.getValue().role());
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
