package io.herald.bench;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.herald.schema.ChatMessage;
import io.herald.schema.NotificationRequest;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes {@link NotificationRequest}s to {@code herald.requests} exactly as an application would: Avro through the
 * Apicurio serializer against the registry, {@code acks=all}, idempotence on. A fixed rate spaces sends by the intended
 * schedule (start + i / rate) and records those intended times; at the maximum rate each send is its own intended
 * time. Notifications round-robin over the channels, so they spread over the partitions.
 */
final class LoadPublisher implements AutoCloseable {

    /** Text of every benchmark notification; short, like a typical alert. */
    static final String TEXT = "benchmark notification: deploy 42 of service checkout finished in 93 s";

    private final KafkaProducer<String, Object> producer;
    private final String topic;
    private final List<String> channels;
    private final String tenant;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private volatile int recordBytes = -1;

    LoadPublisher(String bootstrapServers, String registryUrl, String topic, List<String> channels, String tenant) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "herald-bench");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put("apicurio.registry.url", registryUrl);
        config.put("apicurio.registry.auto-register", true);
        this.producer = new KafkaProducer<>(config);
        this.topic = topic;
        this.channels = List.copyOf(channels);
        this.tenant = tenant;
    }

    /**
     * Publishes {@code tracker.count()} notifications and flushes.
     *
     * @param ratePerSecond notifications per second, or 0 for as fast as the producer takes them
     */
    void publish(LatencyTracker tracker, int ratePerSecond) {
        long start = System.nanoTime();
        double period = ratePerSecond > 0 ? 1e9 / ratePerSecond : 0;
        for (int i = 0; i < tracker.count(); i++) {
            long intended;
            if (ratePerSecond > 0) {
                intended = start + (long) (i * period);
                for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            } else {
                intended = System.nanoTime();
            }
            tracker.sent(i, intended);
            String channel = channels.get(i % channels.size());
            producer.send(
                    new ProducerRecord<>(topic, channel, request(tracker.notificationId(i), channel)),
                    (metadata, exception) -> {
                        if (exception != null) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, exception);
                        } else if (recordBytes < 0) {
                            recordBytes = metadata.serializedValueSize();
                        }
                    });
        }
        producer.flush();
    }

    private NotificationRequest request(String id, String channel) {
        return NotificationRequest.newBuilder()
                .setNotificationId(id)
                .setChannel(channel)
                .setTenant(tenant)
                .setContent(ChatMessage.newBuilder().setText(TEXT).build())
                .build();
    }

    /** Sends the broker did not acknowledge. */
    int failures() {
        return failures.get();
    }

    Exception firstFailure() {
        return firstFailure.get();
    }

    /** Serialized size of one record's value (Confluent wire format: magic byte, schema id, Avro), or -1 before any ack. */
    int recordBytes() {
        return recordBytes;
    }

    @Override
    public void close() {
        producer.close();
    }
}
