package io.herald.audit.ordering;

import io.herald.contract.kafka.HeraldAvroDeserializer;
import io.herald.contract.kafka.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
     * The service's consumer settings (brokers, security, registry) for a consumer of no group: string keys, values
     * read by the deserializer the service's listeners use (Herald's Avro, as the generated classes), nothing
     * committed, the topic never auto-created. A record that does not decode surfaces as a
     * {@link org.apache.kafka.common.errors.RecordDeserializationException}, which the follower skips.
     */
    static Map<String, Object> followerConfig(Map<String, Object> service, String applicationName) {
        Map<String, Object> config = new HashMap<>(service);
        Object values =
                config.getOrDefault(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, HeraldAvroDeserializer.class);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.remove(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);
        config.remove(ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS);
        config.remove(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, values);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, applicationName + "-ordering");
        config.put("apicurio.registry.use-specific-avro-reader", true);
        return config;
    }
}
