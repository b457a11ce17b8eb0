package io.herald.contract.channel;

import io.herald.contract.kafka.HeraldAvroDeserializer;
import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.contract.kafka.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * The {@link ChannelDirectory} of every Herald service: {@link LiveChannels} over the seed file ({@link ChannelCatalog},
 * {@code herald.channels.*}) following {@code herald.channels}, or the seed alone with
 * {@code herald.live-channels.follow=false}; and its {@code channels} health component (readiness).
 */
@AutoConfiguration(after = {HeraldKafkaAutoConfiguration.class, KafkaAutoConfiguration.class})
@EnableConfigurationProperties({ChannelCatalog.class, LiveChannelsProperties.class})
public class HeraldChannelsAutoConfiguration {

    /** Created caught up (or past {@code start-timeout}), before any listener container or web door starts. */
    @Bean // closed by its inferred close()
    @ConditionalOnMissingBean(ChannelDirectory.class)
    ChannelDirectory heraldChannelDirectory(
            ChannelCatalog catalog,
            LiveChannelsProperties properties,
            ObjectProvider<Topics> topicsProvider,
            ObjectProvider<ConsumerFactory<?, ?>> consumerFactory,
            ObjectProvider<MeterRegistry> meters,
            @Value("${spring.application.name:herald}") String applicationName) {
        ConsumerFactory<?, ?> factory = consumerFactory.getIfUnique();
        Topics topics = topicsProvider.getIfAvailable();
        // without Kafka (a context that leaves it out), the seed alone
        if (!properties.follow() || factory == null || topics == null) {
            return ChannelDirectory.fixed(catalog);
        }
        Map<String, Object> config = followerConfig(factory.getConfigurationProperties(), applicationName);
        LiveChannels live = new LiveChannels(
                catalog,
                topics.channels(),
                () -> new KafkaConsumer<>(config),
                properties.startTimeout(),
                Clock.systemUTC());
        meters.ifAvailable(live::registerMeters);
        live.start();
        return live;
    }

    /**
     * The service's consumer settings (brokers, security, registry) for a consumer of no group: string keys, Herald's
     * Avro values read as the generated classes, nothing committed, the topic never auto-created.
     */
    static Map<String, Object> followerConfig(Map<String, Object> service, String applicationName) {
        return followerConfig(service, applicationName, "channels");
    }

    /**
     * As {@link #followerConfig(Map, String)}, for a reader of another compacted topic: its client id ends in
     * {@code -<purpose>}.
     */
    public static Map<String, Object> followerConfig(
            Map<String, Object> service, String applicationName, String purpose) {
        Map<String, Object> config = new HashMap<>(service);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.remove(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);
        config.remove(ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS);
        config.remove(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, HeraldAvroDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // a small topic, read to its end: a service's fetch-min-size (the audit's 64 KB) would hold every fetch for
        // fetch-max-wait, and skipping a record that does not decode costs a fetch (1,000 garbage records took 50 s)
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, applicationName + "-" + purpose);
        config.put("apicurio.registry.use-specific-avro-reader", true);
        return config;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        /** The {@code channels} health component. */
        @Bean
        HealthIndicator channelsHealthIndicator(ChannelDirectory directory) {
            return new ChannelsHealth(directory);
        }
    }
}
