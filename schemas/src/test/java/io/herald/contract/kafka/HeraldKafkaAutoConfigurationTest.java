package io.herald.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apicurio.registry.client.common.AdapterDetector;
import io.apicurio.registry.client.common.HttpAdapterType;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.test.util.ReflectionTestUtils;

class HeraldKafkaAutoConfigurationTest {

    private static HeraldKafkaProperties properties(Duration sendTimeout) {
        return new HeraldKafkaProperties(
                "http://127.0.0.1:8081/apis/registry/v3",
                "",
                6,
                (short) 1,
                1,
                List.of(Duration.ofSeconds(10)),
                sendTimeout,
                Duration.ofSeconds(5));
    }

    private static Map<String, Object> producerConfig(HeraldKafkaProperties properties, Map<String, Object> own) {
        DefaultKafkaProducerFactory<Object, Object> factory = new DefaultKafkaProducerFactory<>(own);
        new HeraldKafkaAutoConfiguration()
                .heraldProducerSerde(properties, "herald-test")
                .customize(factory);
        return factory.getConfigurationProperties();
    }

    @Test
    void producerGivesUpOnARecordBeforeTheSenderStopsWaitingForIt() {
        Map<String, Object> config = producerConfig(properties(Duration.ofSeconds(35)), Map.of());

        assertThat(config)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    @Test
    void batchingDefaultsApplyUnlessTheServiceSetsItsOwn() {
        Map<String, Object> config =
                producerConfig(properties(Duration.ofSeconds(35)), Map.of(ProducerConfig.LINGER_MS_CONFIG, 0));

        assertThat(config)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 65_536)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none")
                .containsEntry("apicurio.registry.avro-datum-provider", CachingAvroDatumProvider.class.getName());
    }

    @Test
    void everyTopicIsCreatedWithTheConfiguredReplicationAndMinimumInSyncReplicas() {
        HeraldKafkaProperties properties = new HeraldKafkaProperties(
                "http://127.0.0.1:8081/apis/registry/v3",
                "",
                6,
                (short) 3,
                2,
                List.of(Duration.ofSeconds(10)),
                Duration.ofSeconds(35),
                Duration.ofSeconds(5));
        HeraldKafkaAutoConfiguration configuration = new HeraldKafkaAutoConfiguration();

        // what KafkaAdmin reads from the bean (its getter is package-private)
        Collection<NewTopic> topics = ReflectionTestUtils.invokeMethod(
                configuration.heraldNewTopics(configuration.heraldTopics(properties), properties), "getNewTopics");

        assertThat(topics).isNotEmpty().allSatisfy(topic -> {
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
            assertThat(topic.configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        });
        NewTopic channels = topics.stream()
                .filter(topic -> topic.name().equals("herald.channels"))
                .findFirst()
                .orElseThrow();
        assertThat(channels.numPartitions()).isEqualTo(1);
        assertThat(channels.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact");
        assertThat(topics)
                .filteredOn(topic -> topic.name().equals("herald.ordering"))
                .singleElement()
                .satisfies(topic -> {
                    assertThat(topic.numPartitions()).isEqualTo(1);
                    assertThat(topic.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact");
                });
        assertThat(topics)
                .filteredOn(topic -> topic.name().equals("herald.accepted"))
                .singleElement()
                .satisfies(topic -> {
                    assertThat(topic.numPartitions()).isEqualTo(6);
                    assertThat(topic.configs()).doesNotContainKey(TopicConfig.CLEANUP_POLICY_CONFIG);
                });
    }

    @Test
    void aMinimumInSyncAboveTheReplicationFactorIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> new HeraldKafkaProperties(
                        "http://127.0.0.1:8081/apis/registry/v3",
                        "",
                        6,
                        (short) 1,
                        2,
                        List.of(Duration.ofSeconds(10)),
                        Duration.ofSeconds(35),
                        Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("herald.kafka.min-insync-replicas (2)")
                .hasMessageContaining("herald.kafka.replication-factor (1)");
    }

    @Test
    void registryClientTalksHttpThroughTheJdkClient() {
        // the Vert.x adapter waits for every answer without a timeout, and once never handed an answered request to its
        // caller, blocking a dispatcher lane (docs/performance-history.md, fifth pass): it must not come back with a
        // dependency
        assertThat(AdapterDetector.isVertxAvailable()).isFalse();
        assertThat(AdapterDetector.resolveAdapterType(HttpAdapterType.AUTO)).isEqualTo(HttpAdapterType.JDK);
    }
}
