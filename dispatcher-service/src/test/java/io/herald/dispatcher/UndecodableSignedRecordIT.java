package io.herald.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * With the production serde (Apicurio Avro inside ErrorHandlingDeserializer) and a real broker: records
 * on a signed topic that are not Herald Avro are logged, counted and skipped, and their offsets committed,
 * so one bad record never blocks its partition; but a record that cannot be read only because the schema
 * registry is unreachable (none runs here) is retried, never skipped.
 */
@EmbeddedKafka(partitions = 1)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "herald.kafka.registry-url=http://127.0.0.1:9/apis/registry/v3",
            "herald.channels-file=src/test/resources/test-channels.yml",
            "herald.kafka.partitions=1"
        })
class UndecodableSignedRecordIT {

    private static final TopicPartition SIGNED = new TopicPartition("herald.signed.dingtalk", 0);

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    @Autowired
    MeterRegistry meters;

    @Test
    void recordsThatAreNotHeraldAvroAreSkippedButRegistryOutageNeverSkipsARecord() throws Exception {
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringSerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(
                            SIGNED.topic(), "ops-alerts", "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8)))
                    .get();
            raw.send(new ProducerRecord<>(SIGNED.topic(), "ops-alerts", new byte[] {0, 0, 0, 0}))
                    .get();
            raw.send(new ProducerRecord<>(SIGNED.topic(), "ops-alerts", new byte[0]))
                    .get();
            // Confluent wire format (magic 0, schema id 7): readable only with the registry, which is down here
            raw.send(new ProducerRecord<>(SIGNED.topic(), "ops-alerts", new byte[] {0, 0, 0, 0, 7, 2, 4, 6}))
                    .get();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(skipped()).isEqualTo(3);
            assertThat(committedOffset()).isEqualTo(3);
        });
        // the fourth record waits for the registry: neither skipped nor committed
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(skipped()).isEqualTo(3);
            assertThat(committedOffset()).isEqualTo(3);
        });
    }

    private double skipped() {
        return meters.find("herald.kafka.records.malformed").tag("topic", SIGNED.topic()).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private long committedOffset() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets("herald-dispatcher-dingtalk")
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(SIGNED);
            return committed == null ? -1 : committed.offset();
        }
    }
}
