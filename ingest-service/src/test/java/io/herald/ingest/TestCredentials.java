package io.herald.ingest;

import io.herald.contract.security.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The credentials ingest's tests call with: static bearer tokens configured by {@code file:} reference to temp files
 * (random values, made per run), and JWTs of the shared test issuer ({@code TestIssuer} of the schemas test-jar).
 */
public final class TestCredentials {

    /** A token: its configured name, roles, tenants and channels (comma-separated; "" for none). */
    public record Token(String name, String roles, String tenants, String channels) {

        /** The {@code Authorization} header value. */
        public String bearer() {
            return "Bearer " + VALUES.get(name);
        }
    }

    /** A platform's own gateway: publishes for any tenant, as the body names it. */
    public static final Token GATEWAY = new Token("gateway", "PUBLISH", "*", "");

    public static final Token ACME = new Token("acme", "PUBLISH", "acme", "");
    public static final Token BETA = new Token("beta", "PUBLISH", "beta", "");
    public static final Token ACME_AND_BETA = new Token("acme-and-beta", "PUBLISH", "acme,beta", "");
    public static final Token ACME_DINGTALK_ONLY = new Token("acme-dingtalk", "PUBLISH", "acme", "demo-dingtalk");
    public static final Token READER = new Token("reader", "READ", "*", "");
    public static final Token OPERATOR = new Token("operator", "OPERATOR", "*", "");

    private static final Token[] ALL = {GATEWAY, ACME, BETA, ACME_AND_BETA, ACME_DINGTALK_ONLY, READER, OPERATOR};
    private static final Map<String, String> VALUES = new LinkedHashMap<>();
    private static final Path DIRECTORY = write();

    private TestCredentials() {}

    /** Configures every token of this class ({@code herald.security.tokens.*}). */
    public static void register(DynamicPropertyRegistry registry) {
        for (Token token : ALL) {
            String property = "herald.security.tokens." + token.name();
            registry.add(property + ".secret", () -> "file:" + DIRECTORY.resolve(token.name()));
            registry.add(property + ".roles", token::roles);
            registry.add(property + ".tenants", token::tenants);
            if (!token.channels().isEmpty()) {
                registry.add(property + ".channels", token::channels);
            }
        }
    }

    /** {@code Bearer <JWT>} for {@code subject} with {@code claims}, valid for five minutes, of the test issuer. */
    public static String jwt(String subject, Map<String, Object> claims) {
        return "Bearer " + TestIssuer.jwt(subject, claims);
    }

    /** The same, signed with a key of the same id that the issuer does not serve. */
    public static String foreignJwt(String subject, Map<String, Object> claims) {
        return "Bearer " + TestIssuer.foreignJwt(subject, claims);
    }

    private static Path write() {
        try {
            Path directory = Files.createTempDirectory("herald-ingest-tokens");
            directory.toFile().deleteOnExit();
            for (Token token : ALL) {
                String value = "test-" + token.name() + "-" + UUID.randomUUID();
                VALUES.put(token.name(), value);
                Path file = Files.writeString(directory.resolve(token.name()), value);
                file.toFile().deleteOnExit();
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
