package io.herald.audit.access;

import io.herald.contract.secret.SecretResolver;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires the token check in front of the API. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
class AccessConfiguration {

    @Bean
    TokenAuthenticator tokenAuthenticator(AccessProperties properties) {
        return new TokenAuthenticator(properties, SecretResolver.fromSystemEnvironment());
    }

    @Bean
    FilterRegistrationBean<TokenFilter> tokenFilter(TokenAuthenticator authenticator) {
        FilterRegistrationBean<TokenFilter> registration = new FilterRegistrationBean<>(new TokenFilter(authenticator));
        registration.addUrlPatterns("/v1/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
