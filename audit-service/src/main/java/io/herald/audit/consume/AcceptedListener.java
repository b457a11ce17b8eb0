package io.herald.audit.consume;

import io.herald.contract.kafka.Topics;
import io.herald.schema.AcceptedNotification;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Reads {@code herald.accepted} and hands each {@link AcceptedNotification} to the {@link AuditRecorder}. */
@Component
public class AcceptedListener {

    private final String topic;
    private final AuditRecorder recorder;

    public AcceptedListener(Topics topics, AuditRecorder recorder) {
        this.topic = topics.accepted();
        this.recorder = recorder;
    }

    public String topic() {
        return topic;
    }

    @KafkaListener(id = "audit-accepted", idIsGroup = false, topics = "#{__listener.topic()}")
    public void on(AcceptedNotification event) {
        recorder.record(event);
    }
}
