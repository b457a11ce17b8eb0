package io.herald.ingest.publish;

import io.herald.contract.kafka.BatchSends;
import io.herald.contract.kafka.HeraldKafkaProperties;
import io.herald.contract.kafka.Topics;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.RejectedNotification;
import java.time.Duration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Writes accepted notifications to {@code herald.accepted} (key = channel, so one channel's notifications keep
 * their order and rate limit within one partition) and rejections to {@code herald.rejected} (key = notification
 * id), through {@link BatchSends}: one at a time (HTTP) or a poll's worth acknowledged together (herald.requests),
 * waiting at most {@code herald.kafka.send-timeout} for the broker's acknowledgement ({@code acks=all}).
 */
@Component
public class KafkaOutcomePublisher implements OutcomePublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final Topics topics;
    private final Duration timeout;

    public KafkaOutcomePublisher(KafkaTemplate<String, Object> kafka, Topics topics, HeraldKafkaProperties properties) {
        this.kafka = kafka;
        this.topics = topics;
        this.timeout = properties.sendTimeout();
    }

    @Override
    public void publishAccepted(AcceptedNotification accepted) {
        Batch batch = batch();
        batch.accepted(0, accepted);
        awaitOne(batch);
    }

    @Override
    public void publishRejected(RejectedNotification rejected) {
        Batch batch = batch();
        batch.rejected(0, rejected);
        awaitOne(batch);
    }

    private static void awaitOne(Batch batch) {
        try {
            batch.awaitAcks();
        } catch (BatchListenerFailedException e) {
            throw new PublishException(e.getMessage(), e.getCause());
        }
    }

    @Override
    public Batch batch() {
        BatchSends sends = new BatchSends(kafka, timeout);
        return new Batch() {
            @Override
            public void accepted(int index, AcceptedNotification accepted) {
                sends.send(index, topics.accepted(), accepted.getChannel(), accepted);
            }

            @Override
            public void rejected(int index, RejectedNotification rejected) {
                sends.send(index, topics.rejected(), rejected.getNotificationId(), rejected);
            }

            @Override
            public void awaitAcks() {
                sends.awaitAcks();
            }

            @Override
            public BatchListenerFailedException failedAt(int index, Throwable cause) {
                return sends.failedAt(index, cause);
            }
        };
    }
}
