package io.herald.ingest.http;

import io.herald.contract.kafka.TestAvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Every record a topic of the embedded broker holds now (written with {@link TestAvroSerde}), read to its end. */
final class TopicRecords {

    private TopicRecords() {}

    static List<Object> all(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        2_000_000),
                new StringDeserializer(),
                new TestAvroSerde.AvroDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<Object> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + " was not read to its end within 20 s");
                }
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record.value());
                }
            }
            return records;
        }
    }
}
