package io.herald.dispatcher.kafka;

import io.herald.contract.Provider;
import io.herald.dispatcher.delivery.DeliveryService;
import io.herald.schema.SignedDelivery;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.MessageListener;

/**
 * Listens to {@code herald.signed.<provider>} (one instance per configured provider): hands each
 * {@link SignedDelivery} to the {@link DeliveryService} and skips anything else. It returns only after the
 * outcome is written and acknowledged, so the container commits the offset after the outcome.
 */
public class SignedDeliveryListener implements MessageListener<String, Object> {

    private final Provider provider;
    private final DeliveryService deliveries;
    private final UndecodableRecords undecodable;

    public SignedDeliveryListener(Provider provider, DeliveryService deliveries, UndecodableRecords undecodable) {
        this.provider = provider;
        this.deliveries = deliveries;
        this.undecodable = undecodable;
    }

    @Override
    public void onMessage(ConsumerRecord<String, Object> record) {
        if (!(record.value() instanceof SignedDelivery signed)) {
            undecodable.skip(record, record.value() == null
                    ? "no value"
                    : "value is a " + record.value().getClass().getName() + ", not a SignedDelivery");
            return;
        }
        try {
            deliveries.deliver(provider, signed);
        } catch (InterruptedException e) {
            // Stopping: leave the offset uncommitted so the record is delivered again after a restart.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering notification "
                    + signed.getNotification().getNotificationId(), e);
        }
    }
}
