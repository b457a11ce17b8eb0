package io.herald.signer.kafka;

import io.herald.contract.kafka.BatchSends;
import io.herald.contract.kafka.HeraldKafkaProperties;
import io.herald.contract.kafka.Topics;
import io.herald.contract.provider.Provider;
import io.herald.schema.SignedDelivery;
import io.herald.signer.signing.SignedDeliveryPublisher;
import java.time.Duration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Writes signed requests to {@code herald.signed.<provider>} with the channel as key (per-channel order and
 * rate limits stay in one partition), through {@link BatchSends}: a poll's requests are sent without waiting and
 * acknowledged ({@code acks=all}) together, within {@code herald.kafka.send-timeout}.
 */
@Component
class KafkaSignedDeliveryPublisher implements SignedDeliveryPublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final Topics topics;
    private final Duration sendTimeout;

    public KafkaSignedDeliveryPublisher(
            KafkaTemplate<String, Object> kafka, Topics topics, HeraldKafkaProperties properties) {
        this.kafka = kafka;
        this.topics = topics;
        this.sendTimeout = properties.sendTimeout();
    }

    @Override
    public Batch batch() {
        BatchSends sends = new BatchSends(kafka, sendTimeout);
        return new Batch() {
            @Override
            public void send(int index, Provider provider, SignedDelivery delivery) {
                sends.send(
                        index,
                        topics.signed(provider),
                        delivery.getNotification().getChannel(),
                        delivery);
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
