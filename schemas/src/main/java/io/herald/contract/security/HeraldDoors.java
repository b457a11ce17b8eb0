package io.herald.contract.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own endpoints and the role each needs, declared as one bean per service; health, the metrics scrape,
 * the rest of the actuator (OPERATOR) and "everything else needs a credential" are added around them by
 * {@link HeraldSecurityAutoConfiguration}.
 */
@FunctionalInterface
public interface HeraldDoors {

    /**
     * The OpenAPI document (springdoc): not a secret, but not an open door either (no door without a credential),
     * so any valid Herald credential, whatever its role, reads it.
     */
    String[] API_DESCRIPTION = {"/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**"};

    void declare(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry doors);
}
