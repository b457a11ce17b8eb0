package io.herald.contract.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/** Makes a {@link Caller} of a validated JWT's claims (names configured in {@code herald.security.jwt}). */
final class JwtCallers implements Converter<Jwt, AbstractAuthenticationToken> {

    private final HeraldSecurityProperties.Jwt claims;

    JwtCallers(HeraldSecurityProperties.Jwt claims) {
        this.claims = claims;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String name = jwt.getClaimAsString(claims.nameClaim());
        Set<Role> roles = new HashSet<>();
        for (String value : values(jwt, claims.rolesClaim())) {
            Arrays.stream(Role.values())
                    .filter(role -> role.name().equals(value.toUpperCase(Locale.ROOT)))
                    .findFirst()
                    .ifPresent(roles::add); // a role Herald does not know grants nothing
        }
        return new CallerAuthentication(new Caller(
                name == null ? jwt.getSubject() : name,
                roles,
                values(jwt, claims.tenantsClaim()),
                values(jwt, claims.channelsClaim())));
    }

    /** A claim that is a list of strings or one (space-separated) string; absent: none. */
    private static Set<String> values(Jwt jwt, String claim) {
        Object value = jwt.getClaims().get(claim);
        Set<String> values = new HashSet<>();
        if (value instanceof Collection<?> list) {
            list.forEach(item -> values.add(String.valueOf(item)));
        } else if (value instanceof String text) {
            values.addAll(Arrays.stream(text.split(" "))
                    .filter(part -> !part.isBlank())
                    .toList());
        }
        return values;
    }
}
