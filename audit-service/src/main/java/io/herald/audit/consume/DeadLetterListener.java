package io.herald.audit.consume;

import io.herald.contract.kafka.Topics;
import io.herald.schema.DeadLetter;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Reads {@code herald.dead-letters} in batches (one poll at a time) and hands the {@link DeadLetter}s to the {@link AuditRecorder}. */
@Component
class DeadLetterListener {

    private final String topic;
    private final AuditRecorder recorder;

    public DeadLetterListener(Topics topics, AuditRecorder recorder) {
        this.topic = topics.deadLetters();
        this.recorder = recorder;
    }

    public String topic() {
        return topic;
    }

    @KafkaListener(id = "audit-dead-letters", idIsGroup = false, topics = "#{__listener.topic()}", batch = "true")
    public void on(List<ConsumerRecord<String, Object>> records) {
        recorder.recordBatch(records, DeadLetter.class, AuditEvents::deadLetter);
    }
}
