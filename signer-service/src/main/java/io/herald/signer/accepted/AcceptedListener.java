package io.herald.signer.accepted;

import io.herald.contract.kafka.Topics;
import io.herald.schema.AcceptedNotification;
import io.herald.signer.signing.DeliverySigner;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads {@code herald.accepted} (key: channel) and hands each notification to {@link DeliverySigner} for its
 * first attempt. Returns only after the signed request is on the broker, so the offset is committed after
 * the outcome is written; a failure is retried by the container's error handler.
 */
@Component
public class AcceptedListener {

    private final DeliverySigner signer;
    private final Topics topics;

    public AcceptedListener(DeliverySigner signer, Topics topics) {
        this.signer = signer;
        this.topics = topics;
    }

    /** The topic this listener reads, for the {@code @KafkaListener} expression. */
    public String topic() {
        return topics.accepted();
    }

    @KafkaListener(id = "herald-signer-accepted", idIsGroup = false, topics = "#{__listener.topic()}")
    public void onAccepted(AcceptedNotification notification) {
        signer.signFirstAttempt(notification);
    }
}
