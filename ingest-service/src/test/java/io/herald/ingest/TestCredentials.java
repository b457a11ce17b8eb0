package io.herald.ingest;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The credentials ingest's tests call with: static bearer tokens configured by {@code file:} reference to temp files
 * (random values, made per run), and JWTs signed with an RSA key made here, whose JWK set a test serves with
 * {@link #startIssuer()}.
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

    private static final RSAKey KEY = key();

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

    /** Serves the JWK set of this class's key at {@code http://127.0.0.1:<port>/jwks} until stopped. */
    public static HttpServer startIssuer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code Bearer <JWT>} for {@code subject} with {@code claims}, valid for five minutes, signed with this key. */
    public static String jwt(String subject, Map<String, Object> claims) {
        return jwt(KEY, subject, claims);
    }

    /** The same, signed with a key of the same id that the issuer does not serve. */
    public static String foreignJwt(String subject, Map<String, Object> claims) {
        return jwt(key(), subject, claims);
    }

    private static String jwt(RSAKey key, String subject, Map<String, Object> claims) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        claims.forEach(set::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), set.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return "Bearer " + jwt.serialize();
    }

    private static RSAKey key() {
        try {
            return new RSAKeyGenerator(2048).keyID("ingest-test-key").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
