package io.herald.audit.replay;

import io.herald.contract.kafka.CallerWaitTimeouts;
import io.herald.contract.kafka.HeraldKafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Binds {@link ReplayProperties}; gives the audit's producer (what {@link AcceptedPublisher} writes with: replays,
 * channel tests, operator notices, each with a caller waiting) waits inside {@code herald.kafka.send-timeout}
 * ({@link CallerWaitTimeouts}) instead of Kafka's 60 s {@code max.block.ms} while the broker is away.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplayProperties.class)
class ReplayConfiguration {

    @Bean
    DefaultKafkaProducerFactoryCustomizer callerWaits(HeraldKafkaProperties kafka) {
        return producers -> producers.updateConfigs(
                CallerWaitTimeouts.within(kafka.sendTimeout(), producers.getConfigurationProperties()));
    }
}
