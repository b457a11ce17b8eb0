package io.herald.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.client.common.AdapterDetector;
import io.apicurio.registry.client.common.HttpAdapterType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

class HeraldKafkaAutoConfigurationTest {

    private static HeraldKafkaProperties properties(Duration sendTimeout) {
        return new HeraldKafkaProperties(
                "http://127.0.0.1:8081/apis/registry/v3",
                "",
                6,
                (short) 1,
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
    void registryClientTalksHttpThroughTheJdkClient() {
        // the Vert.x adapter waits for every answer without a timeout, and once never handed an answered request to its
        // caller, blocking a dispatcher lane (docs/performance-history.md, fifth pass): it must not come back with a
        // dependency
        assertThat(AdapterDetector.isVertxAvailable()).isFalse();
        assertThat(AdapterDetector.resolveAdapterType(HttpAdapterType.AUTO)).isEqualTo(HttpAdapterType.JDK);
    }
}
