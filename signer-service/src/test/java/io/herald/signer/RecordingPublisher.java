package io.herald.signer;

import io.herald.contract.Provider;
import io.herald.schema.SignedDelivery;
import io.herald.signer.signing.SignedDeliveryPublisher;
import java.util.ArrayList;
import java.util.List;

/** Keeps what would have been written to the signed topics. */
public final class RecordingPublisher implements SignedDeliveryPublisher {

    public record Published(Provider provider, String key, SignedDelivery delivery) {}

    private final List<Published> published = new ArrayList<>();

    @Override
    public void publish(Provider provider, SignedDelivery delivery) {
        published.add(new Published(provider, delivery.getNotification().getChannel(), delivery));
    }

    public List<Published> published() {
        return published;
    }
}
