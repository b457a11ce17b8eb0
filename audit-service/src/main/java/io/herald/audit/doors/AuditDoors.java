package io.herald.audit.doors;

import io.herald.contract.security.HeraldDoors;
import io.herald.contract.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The audit's doors (the shared security of {@code io.herald.contract.security} adds health, the metrics scrape and
 * the rest of the actuator): replay and changing or testing a channel need OPERATOR, every other API call READ (OPERATOR includes it); the page is open,
 * it holds no data; the OpenAPI document needs any credential. Which notifications a caller sees is its tenants' business, decided in
 * the queries ({@link io.herald.audit.store.TenantScope}).
 */
@Configuration(proxyBeanMethods = false)
class AuditDoors {

    /** The page and what it loads: static files without data. */
    static final String[] PAGE = {"/", "/index.html", "/favicon.ico"};

    @Bean
    HeraldDoors heraldDoors() {
        return doors -> doors.requestMatchers(HttpMethod.GET, PAGE)
                .permitAll()
                .requestMatchers(HttpMethod.GET, HeraldDoors.API_DESCRIPTION)
                .authenticated()
                .requestMatchers("/v1/replays/**")
                .hasRole(Role.OPERATOR.name())
                // the channel API: READ reads, every other method (create, change, test) needs OPERATOR
                .requestMatchers(HttpMethod.GET, "/v1/channels", "/v1/channels/**")
                .hasRole(Role.READ.name())
                .requestMatchers("/v1/channels", "/v1/channels/**")
                .hasRole(Role.OPERATOR.name())
                .requestMatchers("/v1/**")
                .hasRole(Role.READ.name());
    }
}
