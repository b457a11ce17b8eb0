package io.herald.audit.ordering;

import io.herald.contract.channel.HeraldChannelsAutoConfiguration;
import io.herald.contract.kafka.HeraldAvroDeserializer;
import io.herald.contract.kafka.Topics;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/** Follows {@code herald.ordering} ({@link OrderingStates}) with the service's consumer settings, from its start. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OrderingProperties.class)
class OrderingConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    OrderingStates orderingStates(
            OrderingProperties properties,
            Topics topics,
            ConsumerFactory<?, ?> consumerFactory,
            @Value("${spring.application.name:herald-audit}") String applicationName) {
        if (!properties.follow()) {
            return new OrderingStates(topics.ordering(), null);
        }
        Map<String, Object> config = followerConfig(consumerFactory.getConfigurationProperties(), applicationName);
        return new OrderingStates(topics.ordering(), () -> new KafkaConsumer<>(config));
    }

    /**
     * The shared settings of a consumer of no group ({@link HeraldChannelsAutoConfiguration#followerConfig}), with the
     * value deserializer the service's listeners use (Herald's Avro; a test serde in the ITs).
     */
    static Map<String, Object> followerConfig(Map<String, Object> service, String applicationName) {
        Map<String, Object> config =
                HeraldChannelsAutoConfiguration.followerConfig(service, applicationName, "ordering");
        config.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                service.getOrDefault(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, HeraldAvroDeserializer.class));
        return config;
    }
}
