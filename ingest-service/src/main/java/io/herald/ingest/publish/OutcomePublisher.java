package io.herald.ingest.publish;

import io.herald.schema.AcceptedNotification;
import io.herald.schema.RejectedNotification;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * Writes ingest's outcomes: one at a time, each call returning only once the broker has acknowledged the record
 * (so a caller that commits an offset or a database transaction afterwards never commits an outcome that was not
 * written), or a poll's worth sent together and acknowledged once ({@link #batch()}).
 */
public interface OutcomePublisher {

    /** Writes to herald.accepted, keyed by channel. @throws PublishException when it was not acknowledged */
    void publishAccepted(AcceptedNotification accepted);

    /** Writes to herald.rejected, keyed by notification id. @throws PublishException when it was not acknowledged */
    void publishRejected(RejectedNotification rejected);

    /**
     * The same writes for a caller who is waiting (HTTP): each fails within {@code herald.ingest.http-send-timeout}
     * instead of {@code herald.kafka.send-timeout}, and one the broker refuses as too large fails with
     * {@link OutcomeTooLargeException}. A write reported as failed is not written later either. This default is the
     * publisher itself (for stand-ins in tests).
     */
    default OutcomePublisher forHttp() {
        return this;
    }

    /**
     * Starts writing the outcomes of one poll; nothing waits for the broker until {@link Batch#awaitAcks()}. This
     * default writes each outcome at once with the methods above (for stand-ins in tests).
     */
    default Batch batch() {
        return new SynchronousBatch(this);
    }

    /** The outcomes of one poll of herald.requests (see {@code io.herald.contract.kafka.BatchSends}). */
    interface Batch {

        /** Sends to herald.accepted without waiting, as the outcome of input record {@code index}. */
        void accepted(int index, AcceptedNotification accepted);

        /** Sends to herald.rejected without waiting, as the outcome of input record {@code index}. */
        void rejected(int index, RejectedNotification rejected);

        /**
         * Waits once until every outcome sent is acknowledged.
         *
         * @throws BatchListenerFailedException at the first input record whose outcome was not acknowledged
         */
        void awaitAcks();

        /** The failure to throw for input record {@code index}, once the records before it are acknowledged. */
        BatchListenerFailedException failedAt(int index, Throwable cause);
    }

    /** A batch that writes each outcome at once; after the first failure it writes nothing more. */
    final class SynchronousBatch implements Batch {

        private final OutcomePublisher publisher;
        private BatchListenerFailedException failure;

        SynchronousBatch(OutcomePublisher publisher) {
            this.publisher = publisher;
        }

        @Override
        public void accepted(int index, AcceptedNotification accepted) {
            write(index, () -> publisher.publishAccepted(accepted));
        }

        @Override
        public void rejected(int index, RejectedNotification rejected) {
            write(index, () -> publisher.publishRejected(rejected));
        }

        private void write(int index, Runnable write) {
            if (failure == null) {
                try {
                    write.run();
                } catch (RuntimeException e) {
                    failure = new BatchListenerFailedException(e.getMessage(), e, index);
                }
            }
        }

        @Override
        public void awaitAcks() {
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public BatchListenerFailedException failedAt(int index, Throwable cause) {
            return failure != null && failure.getIndex() < index
                    ? failure
                    : new BatchListenerFailedException(cause.getMessage(), cause, index);
        }
    }
}
