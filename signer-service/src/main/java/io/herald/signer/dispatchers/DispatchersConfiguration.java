package io.herald.signer.dispatchers;

import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.dispatchers.KafkaDispatcherLookup;
import io.herald.contract.kafka.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Watches that every provider with a channel has a dispatcher ({@link DispatcherPresence}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DispatchersConfiguration.Settings.class)
class DispatchersConfiguration {

    /**
     * @param checkInterval how often the broker is asked which providers' dispatchers run
     */
    @ConfigurationProperties("herald.signer.dispatchers")
    record Settings(@DefaultValue("15s") Duration checkInterval) {

        Settings {
            if (checkInterval.isNegative() || checkInterval.isZero()) {
                throw new IllegalArgumentException(
                        "herald.signer.dispatchers.check-interval must be positive, was " + checkInterval);
            }
        }
    }

    @Bean(destroyMethod = "close")
    KafkaDispatcherLookup dispatcherLookup(KafkaAdmin kafkaAdmin, Topics topics) {
        return KafkaDispatcherLookup.create(
                kafkaAdmin.getConfigurationProperties(), "herald-signer-dispatcher-presence", topics);
    }

    @Bean
    DispatcherPresence dispatcherPresence(
            ChannelDirectory directory, KafkaDispatcherLookup lookup, Settings settings, MeterRegistry meters) {
        return new DispatcherPresence(directory, lookup, settings.checkInterval(), Clock.systemUTC(), meters);
    }

    @Bean
    DispatchersHealthIndicator dispatchersHealthIndicator(DispatcherPresence presence) {
        return new DispatchersHealthIndicator(presence);
    }
}
