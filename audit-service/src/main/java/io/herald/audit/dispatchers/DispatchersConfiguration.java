package io.herald.audit.dispatchers;

import io.herald.contract.dispatchers.KafkaDispatcherLookup;
import io.herald.contract.kafka.Topics;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Asks the broker which providers no dispatcher serves ({@link UnservedProviders}), with the signer's lookup. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DispatchersConfiguration.Settings.class)
class DispatchersConfiguration {

    /**
     * @param checkInterval how often the broker is asked which providers' dispatcher groups have members
     */
    @ConfigurationProperties("herald.audit.dispatchers")
    record Settings(@DefaultValue("15s") Duration checkInterval) {

        Settings {
            if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) {
                throw new IllegalArgumentException(
                        "herald.audit.dispatchers.check-interval must be positive, was " + checkInterval);
            }
        }
    }

    @Bean(destroyMethod = "close")
    KafkaDispatcherLookup dispatcherLookup(KafkaAdmin kafkaAdmin, Topics topics) {
        return KafkaDispatcherLookup.create(
                kafkaAdmin.getConfigurationProperties(), "herald-audit-dispatcher-presence", topics);
    }

    @Bean
    UnservedProviders unservedProviders(KafkaDispatcherLookup lookup, Settings settings) {
        return new UnservedProviders(lookup::members, settings.checkInterval(), Clock.systemUTC());
    }
}
