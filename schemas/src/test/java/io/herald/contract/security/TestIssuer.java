package io.herald.contract.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * An OIDC issuer for the services' tests: an RSA key made here, its public half served as a JWK set by a local HTTP
 * server for the test JVM's life (a service's {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}), and JWTs
 * signed with it.
 */
public final class TestIssuer {

    private static final String KEY_ID = "herald-test-issuer";
    private static final RSAKey KEY = key();
    private static final HttpServer JWKS = serve();

    private TestIssuer() {}

    public static String jwkSetUri() {
        return "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks";
    }

    /** A JWT for {@code subject} with {@code claims} (e.g. herald_roles, herald_tenants), valid for five minutes. */
    public static String jwt(String subject, Map<String, ?> claims) {
        return jwt(subject, claims, Instant.now().plusSeconds(300));
    }

    /** The same, expiring at {@code expires} (in the past: an expired JWT). */
    public static String jwt(String subject, Map<String, ?> claims, Instant expires) {
        return sign(KEY, subject, claims, expires);
    }

    /** The same, signed with another key under the same key id: a forgery every service must refuse. */
    public static String foreignJwt(String subject, Map<String, ?> claims) {
        return sign(key(), subject, claims, Instant.now().plusSeconds(300));
    }

    private static String sign(RSAKey key, String subject, Map<String, ?> claims, Instant expires) {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(expires.minusSeconds(900)))
                .expirationTime(Date.from(expires));
        claims.forEach(set::claim);
        try {
            var jwt = new com.nimbusds.jwt.SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    set.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test JWT", e);
        }
    }

    private static RSAKey key() {
        try {
            return new RSAKeyGenerator(2048).keyID(KEY_ID).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer serve() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(null);
            server.start(); // stops with the test JVM
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve the test JWK set", e);
        }
    }
}
