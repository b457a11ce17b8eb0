package io.herald.signer.clock;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.provider.Provider;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the trusted clock: the host clock (with the testing-only skew), the {@link TrustedClock} the signers use,
 * the sampler that feeds it (its first round is taken before the Kafka consumers start), health and metrics.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClockProperties.class)
class ClockConfiguration {

    @Bean
    TrustedClock trustedClock(ClockProperties properties) {
        return new TrustedClock(TrustedClock.hostClock(properties), properties);
    }

    @Bean(destroyMethod = "close")
    ClockSampler clockSampler(TrustedClock clock, ClockProperties properties, ChannelDirectory directory) {
        ClockSampler sampler = new ClockSampler(clock, properties, TrustedClock.hostClock(properties), directory);
        sampler.start();
        return sampler;
    }

    @Bean
    ClockMetrics clockMetrics(TrustedClock clock, MeterRegistry meters, ChannelDirectory directory) {
        ClockMetrics metrics = new ClockMetrics(clock, meters);
        directory.channels().values().stream()
                .map(Channel::providerType)
                .distinct()
                .forEach(metrics::expect);
        // a channel of a provider not used so far may arrive on herald.channels
        directory.onChange(entry -> Provider.byId(entry.channel().provider()).ifPresent(metrics::expect));
        clock.onSample(metrics::refreshSources);
        metrics.refreshSources();
        return metrics;
    }

    @Bean("clock")
    ClockHealthIndicator clockHealthIndicator(TrustedClock clock, ChannelDirectory directory) {
        return new ClockHealthIndicator(clock, directory);
    }
}
