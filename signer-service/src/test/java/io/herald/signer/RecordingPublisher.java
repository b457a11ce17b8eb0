package io.herald.signer;

import io.herald.contract.provider.Provider;
import io.herald.schema.SignedDelivery;
import io.herald.signer.signing.SignedDeliveryPublisher;
import java.util.ArrayList;
import java.util.List;
import org.springframework.kafka.listener.BatchListenerFailedException;

/** Keeps what would have been written to the signed topics; every write is acknowledged at once. */
public final class RecordingPublisher implements SignedDeliveryPublisher {

    public record Published(Provider provider, String key, SignedDelivery delivery) {}

    private final List<Published> published = new ArrayList<>();

    @Override
    public Batch batch() {
        return new Batch() {
            @Override
            public void send(int index, Provider provider, SignedDelivery delivery) {
                published.add(new Published(provider, delivery.getNotification().getChannel(), delivery));
            }

            @Override
            public void awaitAcks() {}

            @Override
            public BatchListenerFailedException failedAt(int index, Throwable cause) {
                return new BatchListenerFailedException(cause.getMessage(), cause, index);
            }
        };
    }

    public List<Published> published() {
        return published;
    }
}
