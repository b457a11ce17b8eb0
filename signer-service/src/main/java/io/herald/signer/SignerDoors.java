package io.herald.signer;

import io.herald.contract.security.HeraldDoors;
import io.herald.contract.security.Role;
import io.herald.signer.preview.PreviewController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The signer's doors (issue 16). None is open: a preview signs any payload at any timestamp (OPERATOR, for
 * troubleshooting); a re-sign ({@code POST /internal/v1/resign}) turns any signed delivery into a fresh one, and
 * {@code POST /internal/v1/channel-secrets} seals a channel's secret (both SERVICE, a role only Herald's own services'
 * credential has; OPERATOR does not include it). The OpenAPI document needs any credential.
 * Health, the metrics scrape and the rest of the actuator are declared by the schemas module
 * ({@code HeraldSecurityAutoConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class SignerDoors {

    @Bean
    HeraldDoors doors() {
        // by path, every method: a wrong method is refused for the credential before it can be a 405
        return doors -> doors.requestMatchers(PreviewController.PATH)
                .hasRole(Role.OPERATOR.name())
                // every internal endpoint (re-sign, channel secrets): they exist for Herald's own services only
                .requestMatchers("/internal/**")
                .hasRole(Role.SERVICE.name())
                .requestMatchers(HttpMethod.GET, HeraldDoors.API_DESCRIPTION)
                .authenticated();
    }
}
