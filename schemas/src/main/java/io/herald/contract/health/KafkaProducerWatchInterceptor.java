package io.herald.contract.health;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Reports each send and its answer to the {@link KafkaProducerWatch} found under {@link #WATCH} in the producer's
 * configuration (put there by {@link HeraldHealthAutoConfiguration}). Kafka calls {@link #onSend} before anything else
 * in {@code send()}, and {@link #onAcknowledgement} exactly once per send: on the sender thread when the broker
 * answered or the record expired, or on the caller's thread when {@code send()} failed. Both only count; the record is
 * passed on unchanged.
 */
public class KafkaProducerWatchInterceptor implements ProducerInterceptor<Object, Object> {

    /** Configuration key of the watch instance (a Kafka producer hands unknown keys to its interceptors as given). */
    public static final String WATCH = "herald.health.producer-watch";

    private KafkaProducerWatch watch;

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(WATCH) instanceof KafkaProducerWatch configured) {
            watch = configured;
            watch.producerCreated(
                    millis(configs.get(ProducerConfig.MAX_BLOCK_MS_CONFIG), Duration.ofMinutes(1)),
                    millis(configs.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), Duration.ofMinutes(2)));
        }
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        if (watch != null) {
            watch.sent();
        }
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        if (watch != null) {
            watch.answered(exception);
        }
    }

    @Override
    public void close() {}

    /** A producer setting in milliseconds, as Kafka accepts it: a number or its text; Kafka's default when absent. */
    static Duration millis(Object value, Duration kafkaDefault) {
        if (value instanceof Number number) {
            return Duration.ofMillis(number.longValue());
        }
        if (value instanceof String text && !text.isBlank()) {
            return Duration.ofMillis(Long.parseLong(text.trim()));
        }
        return kafkaDefault;
    }
}
