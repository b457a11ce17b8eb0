package io.herald.audit.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.audit.access.AccessProperties.Role;
import io.herald.audit.access.AccessProperties.Token;
import io.herald.contract.secret.SecretResolver;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {

    private final Map<String, String> environment = new HashMap<>(Map.of("READ_T", "r-secret", "OPS_T", "o-secret"));
    private final TokenAuthenticator authenticator = new TokenAuthenticator(
            new AccessProperties(Map.of(
                    "viewer", new Token("env:READ_T", Role.READ),
                    "ops", new Token("env:OPS_T", Role.OPERATOR),
                    "broken", new Token("env:NOT_SET", Role.OPERATOR))),
            new SecretResolver(environment::get));

    @Test
    void matchingTokenNamesItsCallerAndRole() {
        assertThat(authenticator.authenticate("r-secret")).contains(new Caller("viewer", Role.READ));
        assertThat(authenticator.authenticate("o-secret")).contains(new Caller("ops", Role.OPERATOR));
    }

    @Test
    void missingWrongOrPrefixTokenIsRefused() {
        assertThat(authenticator.authenticate(null)).isEmpty();
        assertThat(authenticator.authenticate("")).isEmpty();
        assertThat(authenticator.authenticate("r-secre")).isEmpty();
        assertThat(authenticator.authenticate("r-secretx")).isEmpty();
    }

    @Test
    void rotatedTokenAppliesWithoutRestart() {
        environment.put("READ_T", "r-rotated");

        assertThat(authenticator.authenticate("r-secret")).isEmpty();
        assertThat(authenticator.authenticate("r-rotated")).contains(new Caller("viewer", Role.READ));
    }

    @Test
    void onlyOperatorsMayReplay() {
        assertThat(new Caller("viewer", Role.READ).mayReplay()).isFalse();
        assertThat(new Caller("ops", Role.OPERATOR).mayReplay()).isTrue();
    }
}
