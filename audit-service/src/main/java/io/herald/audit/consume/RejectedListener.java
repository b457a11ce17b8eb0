package io.herald.audit.consume;

import io.herald.contract.kafka.Topics;
import io.herald.schema.RejectedNotification;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Reads {@code herald.rejected} and hands each {@link RejectedNotification} to the {@link AuditRecorder}. */
@Component
public class RejectedListener {

    private final String topic;
    private final AuditRecorder recorder;

    public RejectedListener(Topics topics, AuditRecorder recorder) {
        this.topic = topics.rejected();
        this.recorder = recorder;
    }

    public String topic() {
        return topic;
    }

    @KafkaListener(id = "audit-rejected", idIsGroup = false, topics = "#{__listener.topic()}")
    public void on(RejectedNotification event) {
        recorder.record(event);
    }
}
