package io.herald.audit.consume;

import io.herald.contract.kafka.Topics;
import io.herald.schema.DeliveryAttempt;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Reads {@code herald.attempts} in batches (one poll at a time) and hands the {@link DeliveryAttempt}s to the {@link AuditRecorder}. */
@Component
class AttemptListener {

    private final String topic;
    private final AuditRecorder recorder;

    public AttemptListener(Topics topics, AuditRecorder recorder) {
        this.topic = topics.attempts();
        this.recorder = recorder;
    }

    public String topic() {
        return topic;
    }

    @KafkaListener(id = "audit-attempts", idIsGroup = false, topics = "#{__listener.topic()}", batch = "true")
    public void on(List<ConsumerRecord<String, Object>> records) {
        recorder.recordBatch(records, DeliveryAttempt.class, AuditEvents::attempt);
    }
}
