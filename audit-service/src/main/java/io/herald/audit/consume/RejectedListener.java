package io.herald.audit.consume;

import io.herald.contract.kafka.Topics;
import io.herald.schema.RejectedNotification;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Reads {@code herald.rejected} in batches (one poll at a time) and hands the {@link RejectedNotification}s to the {@link AuditRecorder}. */
@Component
class RejectedListener {

    private final String topic;
    private final AuditRecorder recorder;

    public RejectedListener(Topics topics, AuditRecorder recorder) {
        this.topic = topics.rejected();
        this.recorder = recorder;
    }

    public String topic() {
        return topic;
    }

    @KafkaListener(id = "audit-rejected", idIsGroup = false, topics = "#{__listener.topic()}", batch = "true")
    public void on(List<ConsumerRecord<String, Object>> records) {
        recorder.recordBatch(records, RejectedNotification.class, AuditEvents::rejected);
    }
}
