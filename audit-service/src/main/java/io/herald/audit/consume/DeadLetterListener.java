package io.herald.audit.consume;

import io.herald.contract.kafka.Topics;
import io.herald.schema.DeadLetter;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Reads {@code herald.dead-letters} and hands each {@link DeadLetter} to the {@link AuditRecorder}. */
@Component
public class DeadLetterListener {

    private final String topic;
    private final AuditRecorder recorder;

    public DeadLetterListener(Topics topics, AuditRecorder recorder) {
        this.topic = topics.deadLetters();
        this.recorder = recorder;
    }

    public String topic() {
        return topic;
    }

    @KafkaListener(id = "audit-dead-letters", idIsGroup = false, topics = "#{__listener.topic()}")
    public void on(DeadLetter event) {
        recorder.record(event);
    }
}
