package io.herald.contract.health;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The Kafka health components of every Herald service that has the actuator: {@code kafkaConsumers} and
 * {@code kafkaProducer} (readiness: {@link KafkaConsumerWatch}, {@link KafkaProducerWatch}) and {@code kafkaThreads}
 * (liveness). Probe groups and thresholds are set in {@code HeraldListenerDefaults}.
 */
@AutoConfiguration
@ConditionalOnClass(HealthIndicator.class)
public class HeraldHealthAutoConfiguration {

    @Bean
    KafkaConsumerWatch heraldKafkaConsumerWatch(ObjectProvider<ConsumerFactory<?, ?>> consumerFactory) {
        ConsumerFactory<?, ?> factory = consumerFactory.getIfUnique();
        Object maxPollInterval = factory != null
                ? factory.getConfigurationProperties().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)
                : null;
        return new KafkaConsumerWatch(
                KafkaProducerWatchInterceptor.millis(maxPollInterval, KafkaConsumerWatch.KAFKA_MAX_POLL_INTERVAL),
                Clock.systemUTC());
    }

    @Bean
    KafkaProducerWatch heraldKafkaProducerWatch() {
        return new KafkaProducerWatch(Clock.systemUTC());
    }

    /** Adds the watch's interceptor to the producer, after any the service configured itself. */
    @Bean
    DefaultKafkaProducerFactoryCustomizer heraldKafkaProducerWatchCustomizer(KafkaProducerWatch watch) {
        return factory -> {
            Map<String, Object> configs = new LinkedHashMap<>();
            configs.put(
                    ProducerConfig.INTERCEPTOR_CLASSES_CONFIG,
                    withWatchInterceptor(
                            factory.getConfigurationProperties().get(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG)));
            configs.put(KafkaProducerWatchInterceptor.WATCH, watch);
            factory.updateConfigs(configs);
        };
    }

    @Bean
    HealthIndicator kafkaConsumersHealthIndicator(KafkaConsumerWatch consumers) {
        return consumers::readiness;
    }

    @Bean
    HealthIndicator kafkaProducerHealthIndicator(KafkaProducerWatch producer) {
        return producer::readiness;
    }

    /**
     * DOWN only for what a restart cures and waiting does not: a consumer thread ended or wedged past
     * {@code max.poll.interval.ms}, a producer's dead sender thread. Never for a broker or database outage, so an
     * outage does not become a restart loop.
     */
    @Bean
    HealthIndicator kafkaThreadsHealthIndicator(KafkaConsumerWatch consumers, KafkaProducerWatch producer) {
        return () -> {
            Map<String, Object> deadConsumers = consumers.deadConsumers();
            Map<String, Object> stall = producer.stall();
            Health.Builder health = deadConsumers.isEmpty() && stall.isEmpty() ? Health.up() : Health.down();
            if (!deadConsumers.isEmpty()) {
                health.withDetail("consumers", deadConsumers);
            }
            if (!stall.isEmpty()) {
                health.withDetail("producer", stall);
            }
            return health.build();
        };
    }

    /** The configured interceptors (a class, a name, a comma-separated list or a list of either) and the watch's. */
    static List<Object> withWatchInterceptor(Object configured) {
        List<Object> interceptors = new ArrayList<>();
        if (configured instanceof String names) {
            for (String name : names.split(",")) {
                if (!name.isBlank()) {
                    interceptors.add(name.trim());
                }
            }
        } else if (configured instanceof Collection<?> many) {
            interceptors.addAll(many);
        } else if (configured != null) {
            interceptors.add(configured);
        }
        boolean present = interceptors.stream()
                .anyMatch(i -> i == KafkaProducerWatchInterceptor.class
                        || KafkaProducerWatchInterceptor.class.getName().equals(i));
        if (!present) {
            interceptors.add(KafkaProducerWatchInterceptor.class);
        }
        return interceptors;
    }
}
