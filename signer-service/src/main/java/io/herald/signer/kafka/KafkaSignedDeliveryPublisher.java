package io.herald.signer.kafka;

import io.herald.contract.Provider;
import io.herald.contract.kafka.Topics;
import io.herald.schema.SignedDelivery;
import io.herald.signer.SignerProperties;
import io.herald.signer.signing.SignedDeliveryPublisher;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes signed requests to {@code herald.signed.<provider>} with the channel as key (per-channel order and
 * rate limits stay in one partition), waiting for the broker's acknowledgement ({@code acks=all}).
 */
@Component
public class KafkaSignedDeliveryPublisher implements SignedDeliveryPublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final Topics topics;
    private final Duration sendTimeout;

    public KafkaSignedDeliveryPublisher(KafkaTemplate<String, Object> kafka, Topics topics, SignerProperties properties) {
        this.kafka = kafka;
        this.topics = topics;
        this.sendTimeout = properties.sendTimeout();
    }

    @Override
    public void publish(Provider provider, SignedDelivery delivery) {
        String topic = topics.signed(provider);
        String notificationId = delivery.getNotification().getNotificationId();
        try {
            kafka.send(topic, delivery.getNotification().getChannel(), delivery)
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while writing notification " + notificationId + " to " + topic, e);
        } catch (ExecutionException e) {
            throw new PublishException("could not write notification " + notificationId + " to " + topic, e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException("broker did not acknowledge notification " + notificationId + " on " + topic
                    + " within " + sendTimeout, e);
        }
    }

    /** The signed request was not acknowledged by the broker; the consumed record is retried. */
    public static class PublishException extends RuntimeException {
        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
