package io.herald.audit;

import java.util.List;
import java.util.Map;

/** The audit tests' JWTs: Herald's role and tenant claims on the shared test issuer's tokens. */
public final class TestIssuer {

    private TestIssuer() {}

    static String jwkSetUri() {
        return io.herald.contract.security.TestIssuer.jwkSetUri();
    }

    /** A JWT valid for 5 minutes, naming the subject and carrying Herald's role and tenant claims. */
    public static String jwt(String subject, List<String> roles, List<String> tenants) {
        return io.herald.contract.security.TestIssuer.jwt(subject, claims(roles, tenants));
    }

    /** The same, signed with another key under the same key id: a forgery the audit must refuse. */
    public static String jwtOfAnotherKey(String subject, List<String> roles, List<String> tenants) {
        return io.herald.contract.security.TestIssuer.foreignJwt(subject, claims(roles, tenants));
    }

    private static Map<String, List<String>> claims(List<String> roles, List<String> tenants) {
        return Map.of("herald_roles", roles, "herald_tenants", tenants);
    }
}
