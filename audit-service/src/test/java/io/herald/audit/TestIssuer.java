package io.herald.audit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * An OIDC issuer for the ITs: an RSA key made here, its public half served as a JWK set by a local HTTP server (the
 * audit's {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}), and JWTs signed with it.
 */
public final class TestIssuer {

    private static final RSAKey KEY = key();
    private static final HttpServer JWKS = serve();

    private TestIssuer() {}

    static String jwkSetUri() {
        return "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks";
    }

    /** A JWT valid for 5 minutes, naming the subject and carrying Herald's role and tenant claims. */
    public static String jwt(String subject, List<String> roles, List<String> tenants) {
        return sign(KEY, subject, roles, tenants);
    }

    /** The same, signed with another key under the same key id: a forgery the audit must refuse. */
    public static String jwtOfAnotherKey(String subject, List<String> roles, List<String> tenants) {
        return sign(key(), subject, roles, tenants);
    }

    private static String sign(RSAKey key, String subject, List<String> roles, List<String> tenants) {
        try {
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(300)))
                    .claim("herald_roles", roles)
                    .claim("herald_tenants", tenants)
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test JWT", e);
        }
    }

    private static RSAKey key() {
        try {
            return new RSAKeyGenerator(2048).keyID("audit-it").generate();
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
            server.start(); // stops with the test JVM
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve the test JWK set", e);
        }
    }
}
