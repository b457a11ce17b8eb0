package io.herald.audit.consume;

import io.herald.contract.kafka.Topics;
import io.herald.schema.DeliveryAttempt;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Reads {@code herald.attempts} and hands each {@link DeliveryAttempt} to the {@link AuditRecorder}. */
@Component
public class AttemptListener {

    private final String topic;
    private final AuditRecorder recorder;

    public AttemptListener(Topics topics, AuditRecorder recorder) {
        this.topic = topics.attempts();
        this.recorder = recorder;
    }

    public String topic() {
        return topic;
    }

    @KafkaListener(id = "audit-attempts", idIsGroup = false, topics = "#{__listener.topic()}")
    public void on(DeliveryAttempt event) {
        recorder.record(event);
    }
}
