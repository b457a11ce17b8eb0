package io.herald.ingest.publish;

import io.herald.contract.kafka.Topics;
import io.herald.ingest.IngestProperties;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.RejectedNotification;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes accepted notifications to {@code herald.accepted} (key = channel, so one channel's notifications keep
 * their order and rate limit within one partition) and rejections to {@code herald.rejected} (key = notification
 * id), waiting for the broker's acknowledgement ({@code acks=all}) up to {@code herald.ingest.send-timeout}.
 */
@Component
public class KafkaOutcomePublisher implements OutcomePublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final Topics topics;
    private final Duration timeout;

    public KafkaOutcomePublisher(KafkaTemplate<String, Object> kafka, Topics topics, IngestProperties properties) {
        this.kafka = kafka;
        this.topics = topics;
        this.timeout = properties.sendTimeout();
    }

    @Override
    public void publishAccepted(AcceptedNotification accepted) {
        send(topics.accepted(), accepted.getChannel(), accepted);
    }

    @Override
    public void publishRejected(RejectedNotification rejected) {
        send(topics.rejected(), rejected.getNotificationId(), rejected);
    }

    private void send(String topic, String key, Object value) {
        try {
            kafka.send(topic, key, value).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while writing to " + topic, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new PublishException("could not write to " + topic + ": " + rootCause(cause), cause);
        } catch (TimeoutException e) {
            throw new PublishException("no acknowledgement from the broker for " + topic + " within " + timeout, e);
        } catch (RuntimeException e) {
            // serialization or registry failures are thrown by send() itself
            throw new PublishException("could not write to " + topic + ": " + rootCause(e), e);
        }
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
