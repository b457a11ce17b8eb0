package io.herald.signer.signing;

import io.herald.contract.provider.Provider;
import io.herald.schema.SignedDelivery;
import org.springframework.kafka.listener.BatchListenerFailedException;

/** Writes signed requests to their provider's signed topic: one at a time, or one poll's worth acknowledged together. */
public interface SignedDeliveryPublisher {

    /** Starts writing the signed requests of one poll; nothing waits for the broker until {@link Batch#awaitAcks()}. */
    Batch batch();

    /**
     * Writes one signed request and returns only once the broker has it.
     *
     * @throws RuntimeException when the broker did not acknowledge the write in time; the caller retries
     */
    default void publish(Provider provider, SignedDelivery delivery) {
        Batch batch = batch();
        batch.send(0, provider, delivery);
        batch.awaitAcks();
    }

    /** The signed requests of one poll (see {@code io.herald.contract.kafka.BatchSends}). */
    interface Batch {

        /** Sends without waiting, as the output of input record {@code index} of the poll. */
        void send(int index, Provider provider, SignedDelivery delivery);

        /**
         * Waits once until every request sent is acknowledged.
         *
         * @throws BatchListenerFailedException at the first input record whose request was not acknowledged
         */
        void awaitAcks();

        /** The failure to throw for input record {@code index}, once the records before it are acknowledged. */
        BatchListenerFailedException failedAt(int index, Throwable cause);
    }
}
