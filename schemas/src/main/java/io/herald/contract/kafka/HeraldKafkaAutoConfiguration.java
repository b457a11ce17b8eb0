package io.herald.contract.kafka;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.herald.contract.tracing.RecordTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * The one place that decides how Herald talks to Kafka: topic names, topic creation, and the serde (Avro through
 * Apicurio Registry in the Confluent wire format: magic byte 0 + 4-byte schema id). Producers are idempotent with
 * {@code acks=all} and tuned for {@link BatchSends}; both sides talk to the registry with deadlines
 * ({@link RegistryClients}) and cache Avro datum writers and readers ({@link CachingAvroDatumProvider}).
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

    /**
     * Every Herald topic, created when missing (creation is idempotent, so every service may declare them). Record
     * timestamps come from the broker ({@code LogAppendTime}): no Herald decision reads them (due times and signatures
     * use the signer's trusted clock), so a producer whose clock is off by hours can neither have its records refused
     * ({@code message.timestamp.after.max.ms}) nor deleted early by retention. {@code min.insync.replicas} is set on
     * each topic, so what {@code acks=all} means does not depend on the broker's default.
     */
    @Bean
    KafkaAdmin.NewTopics heraldNewTopics(Topics topics, HeraldKafkaProperties properties) {
        List<NewTopic> all = new ArrayList<>();
        for (String name : topics.all()) {
            all.add(topic(name, properties).partitions(properties.partitions()).build());
        }
        // the live channel catalog: every service reads all of it at start, in the order it was written
        all.add(topic(topics.channels(), properties)
                .partitions(1)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .build());
        // where each ordered channel stands: its dispatcher reads all of it back when it is given the channel's
        // partition
        all.add(topic(topics.ordering(), properties)
                .partitions(1)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .build());
        return new KafkaAdmin.NewTopics(all.toArray(NewTopic[]::new));
    }

    private static TopicBuilder topic(String name, HeraldKafkaProperties properties) {
        return TopicBuilder.name(name)
                .replicas(properties.replicationFactor())
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(properties.minInsyncReplicas()))
                .config(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
    }

    /**
     * Producer settings a service may override ({@code spring.kafka.producer.properties.*}):
     *
     * <ul>
     *   <li>{@code linger.ms=5} (Kafka 4's default, stated here): listeners send a whole poll's outputs before
     *       waiting, so records already queue up while a batch is being sent; 5 ms more fills batches under load
     *       and costs at most 5 ms per hop at low rates.
     *   <li>{@code batch.size=65536}: a poll (500 records of 1-2 KB) fits in a few produce requests per partition
     *       instead of many 16 KB ones; memory is only taken per partition being written.
     *   <li>no compression: every process here shares the broker's host and its few cores, and the broker is on
     *       loopback, so compressing costs CPU (producer, broker validation, every consumer) and saves no
     *       bottleneck. Set {@code compression.type=lz4} when the brokers are across a real network.
     * </ul>
     */
    static final Map<String, Object> PRODUCER_DEFAULTS = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.BATCH_SIZE_CONFIG, 65_536,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");

    @Bean
    DefaultKafkaProducerFactoryCustomizer heraldProducerSerde(
            HeraldKafkaProperties properties, @Value("${spring.application.name:herald}") String applicationName) {
        Map<String, Object> config = serdeConfig(properties);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, HeraldAvroSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, applicationName);
        config.put("apicurio.registry.auto-register", true);
        // the one place the delivery timeout is set: 5 s under herald.kafka.send-timeout (how long services wait for
        // acknowledgements), so the producer has given up on a record before its sender reports it as not written;
        // a produce request may be retried within it
        long deliveryTimeout = properties.deliveryTimeout().toMillis();
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (deliveryTimeout / 2));
        return factory -> {
            Map<String, Object> configs = new HashMap<>(config);
            PRODUCER_DEFAULTS.forEach((name, value) -> {
                if (!factory.getConfigurationProperties().containsKey(name)) {
                    configs.put(name, value);
                }
            });
            factory.updateConfigs(configs);
        };
    }

    /**
     * Wraps {@link HeraldAvroDeserializer} in {@link ErrorHandlingDeserializer}, so an unreadable record reaches the
     * listener with its reason ({@link MalformedRecords}) instead of blocking its partition.
     */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer heraldConsumerSerde(HeraldKafkaProperties properties) {
        Map<String, Object> config = serdeConfig(properties);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        config.put(ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        config.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, HeraldAvroDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put("apicurio.registry.use-specific-avro-reader", true);
        return factory -> factory.updateConfigs(config);
    }

    /** Reports malformed records for every listener and error handler of the service. */
    @Bean
    @ConditionalOnMissingBean
    MalformedRecords heraldMalformedRecords(ObjectProvider<MeterRegistry> meters) {
        return new MalformedRecords(meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** One observation per record a batch listener processes, so one notification is one trace across services. */
    @Bean
    @ConditionalOnMissingBean
    RecordTracing heraldRecordTracing(ObjectProvider<ObservationRegistry> registry) {
        return new RecordTracing(registry.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    private static Map<String, Object> serdeConfig(HeraldKafkaProperties properties) {
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.url", properties.registryUrl());
        long registryTimeout = properties.registryTimeout().toMillis();
        config.put(RegistryClients.CONNECT_TIMEOUT_MS, registryTimeout);
        config.put(RegistryClients.REQUEST_TIMEOUT_MS, registryTimeout);
        // one try per lookup (Apicurio retries only HTTP 429, and logs each failure with a stack trace): a record the
        // registry could not be asked about is retried by the container's error handler, with back-off
        config.put("apicurio.registry.retry-count", 0);
        // datum writers and readers cached by schema instance instead of a fingerprint computed per record
        config.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, CachingAvroDatumProvider.class.getName());
        return config;
    }
}
