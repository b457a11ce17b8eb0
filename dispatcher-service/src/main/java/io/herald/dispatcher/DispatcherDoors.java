package io.herald.dispatcher;

import io.herald.contract.security.HeraldDoors;
import io.herald.contract.security.Role;
import io.herald.dispatcher.kafka.AssignmentsController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The dispatcher's own door: {@code GET /v1/assignments} needs OPERATOR. It tells how a provider's instances
 * split its topics, the operator's concern when scaling (as the actuator, which is OPERATOR too), and nothing of any
 * tenant's notifications, which is what READ credentials (tenant-scoped) are for. Health, the metrics scrape and the
 * rest of the actuator are declared by the schemas module ({@code HeraldSecurityAutoConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class DispatcherDoors {

    @Bean
    HeraldDoors doors() {
        // by path, every method: a wrong method is refused for the credential before it can be a 405
        return doors -> doors.requestMatchers(AssignmentsController.PATH).hasRole(Role.OPERATOR.name());
    }
}
