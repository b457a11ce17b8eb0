package io.herald.signer.signing;

import io.herald.contract.Provider;
import io.herald.schema.SignedDelivery;

/** Writes a signed request to its provider's signed topic and returns only once the broker has it. */
public interface SignedDeliveryPublisher {

    /** @throws RuntimeException when the broker did not acknowledge the write in time; the caller retries */
    void publish(Provider provider, SignedDelivery delivery);
}
