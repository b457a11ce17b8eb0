package io.herald.contract.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The credentials every Herald service accepts ({@code herald.security}); JWTs additionally need Spring's
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}.
 *
 * @param tokens static bearer tokens by name (the name is who the caller is)
 * @param jwt which JWT claims carry the caller's name, roles, tenants and channels
 * @param corsAllowedOrigins origins a browser may call the APIs from; none: no cross-origin calls
 */
@ConfigurationProperties("herald.security")
record HeraldSecurityProperties(
        @DefaultValue Map<String, Token> tokens,
        @DefaultValue Jwt jwt,
        @DefaultValue List<String> corsAllowedOrigins) {

    /**
     * @param secret the token value by reference: {@code env:VARIABLE} or {@code file:/path} (re-read every
     *     {@link StaticTokens#REFRESH}, so a rotated token applies without a restart)
     * @param roles what it may do
     * @param tenants the tenants it acts for ({@value Caller#ANY_TENANT}: all)
     * @param channels the channels it may publish to (none: all)
     */
    public record Token(
            String secret,
            Set<Role> roles,
            List<String> tenants,
            @DefaultValue List<String> channels) {}

    /**
     * @param nameClaim the caller's name
     * @param rolesClaim a list (or space-separated string) of {@link Role} names, any case
     * @param tenantsClaim a list (or string) of tenants, {@value Caller#ANY_TENANT} for all
     * @param channelsClaim a list of channels it may publish to; absent: all
     */
    public record Jwt(
            @DefaultValue("sub") String nameClaim,
            @DefaultValue("herald_roles") String rolesClaim,
            @DefaultValue("herald_tenants") String tenantsClaim,
            @DefaultValue("herald_channels") String channelsClaim) {}

    /** Every problem of the static tokens, each naming its property; empty when they are usable. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        tokens.forEach((name, token) -> {
            String property = "herald.security.tokens." + name;
            if (token.secret() == null || token.secret().isBlank()) {
                problems.add(property + ".secret: missing; give env:VARIABLE or file:/path");
            }
            if (token.roles() == null || token.roles().isEmpty()) {
                problems.add(property + ".roles: missing; give one or more of PUBLISH, READ, OPERATOR, SERVICE");
            }
            if (token.tenants() == null || token.tenants().isEmpty()) {
                problems.add(property + ".tenants: missing; give the tenants it acts for, or * for all");
            }
        });
        return problems;
    }
}
