package io.herald.ingest.http;

import io.herald.contract.security.HeraldDoors;
import io.herald.contract.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Ingest's doors: publishing ({@code POST /v1/notifications}) needs PUBLISH, the OpenAPI document any credential. Which tenant and channels
 * the credential publishes for is decided per request by {@link PublishScope}. Everything else (health and the
 * actuator) is declared by the schemas module's {@code HeraldSecurityAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class IngestDoors {

    @Bean
    HeraldDoors publishDoor() {
        return doors -> doors.requestMatchers(HttpMethod.POST, NotificationController.PATH)
                .hasRole(Role.PUBLISH.name())
                .requestMatchers(HttpMethod.GET, HeraldDoors.API_DESCRIPTION)
                .authenticated();
    }
}
