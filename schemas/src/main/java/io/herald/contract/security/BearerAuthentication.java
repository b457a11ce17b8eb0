package io.herald.contract.security;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/** A bearer credential is a configured token, else (when an issuer is configured) a JWT it signed; else refused. */
final class BearerAuthentication implements AuthenticationManager {

    private final StaticTokens tokens;
    private final JwtAuthenticationProvider jwts;

    /** @param jwts null when no JWT issuer is configured */
    BearerAuthentication(StaticTokens tokens, JwtAuthenticationProvider jwts) {
        this.tokens = tokens;
        this.jwts = jwts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        var caller = tokens.find(token);
        if (caller.isPresent()) {
            return new CallerAuthentication(caller.get());
        }
        if (jwts != null && token.chars().filter(c -> c == '.').count() == 2) {
            return jwts.authenticate(authentication);
        }
        throw new InvalidBearerTokenException(
                jwts == null
                        ? "the token is not one of the configured tokens"
                        : "the token is neither one of the configured tokens nor a JWT");
    }
}
