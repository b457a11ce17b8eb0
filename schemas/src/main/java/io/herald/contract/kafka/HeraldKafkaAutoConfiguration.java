package io.herald.contract.kafka;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * The one place that decides how Herald talks to Kafka: topic names, topic creation, and the serde
 * (Avro through Apicurio Registry in the Confluent wire format: magic byte 0 + 4-byte schema id).
 *
 * <p>Producers are idempotent with {@code acks=all}. Consumers wrap the Avro deserializer in
 * {@link ErrorHandlingDeserializer}, so an undecodable record reaches the listener container's error
 * handler instead of blocking its partition.
 */
@AutoConfiguration
@EnableConfigurationProperties(HeraldKafkaProperties.class)
public class HeraldKafkaAutoConfiguration {

    /** Package of the generated Avro classes, which Avro 1.12 refuses to instantiate unless trusted. */
    public static final String SCHEMA_PACKAGE = "io.herald.schema";

    private static boolean schemaPackageTrusted;

    static {
        trustSchemaPackage();
    }

    /**
     * Lets Avro instantiate the generated classes. Unlike the {@code org.apache.avro.SERIALIZABLE_PACKAGES}
     * system property, which Avro reads once, this works whenever it is called. Idempotent.
     */
    public static synchronized void trustSchemaPackage() {
        if (!schemaPackageTrusted) {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                    ClassSecurityValidator.getGlobal(), type -> type.getName().startsWith(SCHEMA_PACKAGE + ".")));
            schemaPackageTrusted = true;
        }
    }

    @Bean
    Topics heraldTopics(HeraldKafkaProperties properties) {
        return new Topics(properties.topicPrefix(), properties.retryTiers());
    }

    /** Every Herald topic, created when missing (creation is idempotent, so every service may declare them). */
    @Bean
    KafkaAdmin.NewTopics heraldNewTopics(Topics topics, HeraldKafkaProperties properties) {
        return new KafkaAdmin.NewTopics(topics.all().stream()
                .map(name -> TopicBuilder.name(name)
                        .partitions(properties.partitions())
                        .replicas(properties.replicationFactor())
                        .build())
                .toArray(NewTopic[]::new));
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer heraldProducerSerde(
            HeraldKafkaProperties properties, @Value("${spring.application.name:herald}") String applicationName) {
        Map<String, Object> config = serdeConfig(properties);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, applicationName);
        config.put("apicurio.registry.auto-register", true);
        return factory -> factory.updateConfigs(config);
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer heraldConsumerSerde(HeraldKafkaProperties properties) {
        Map<String, Object> config = serdeConfig(properties);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        config.put(ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        config.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, AvroKafkaDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put("apicurio.registry.use-specific-avro-reader", true);
        return factory -> factory.updateConfigs(config);
    }

    private static Map<String, Object> serdeConfig(HeraldKafkaProperties properties) {
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.url", properties.registryUrl());
        return config;
    }
}
