package io.herald.audit.consume;

import io.herald.contract.kafka.AcceptedTimes;
import io.herald.contract.kafka.Topics;
import io.herald.schema.AcceptedNotification;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Reads {@code herald.accepted} in batches (one poll at a time) and hands the {@link AcceptedNotification}s to the {@link AuditRecorder}. */
@Component
class AcceptedListener {

    private final String topic;
    private final AuditRecorder recorder;

    public AcceptedListener(Topics topics, AuditRecorder recorder) {
        this.topic = topics.accepted();
        this.recorder = recorder;
    }

    public String topic() {
        return topic;
    }

    @KafkaListener(id = "audit-accepted", idIsGroup = false, topics = "#{__listener.topic()}", batch = "true")
    public void on(List<ConsumerRecord<String, Object>> records) {
        recorder.recordBatch(records, AcceptedNotification.class, AcceptedTimes::fromBroker, AuditEvents::accepted);
    }
}
