package io.herald.signer.retry;

import io.herald.provider.spi.signing.UnsignableNotificationException;
import io.herald.schema.DeliveryRetry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Reads one {@code herald.retry.<tier>} topic (key: notification id) and hands each {@link DeliveryRetry} to
 * {@link RetrySigning}; a signed retry is acknowledged. Needs a container with MANUAL ack mode and
 * {@code max.poll.records=1}, so no later record of a paused partition is ever delivered behind the one that waits.
 */
final class RetryTierListener implements AcknowledgingMessageListener<String, Object>, ConsumerSeekAware {

    /** Pauses one partition of this listener's container and resumes it after the given time. */
    @FunctionalInterface
    public interface PartitionPauser {
        void pause(TopicPartition partition, Duration pause);
    }

    private final RetrySigning signing;
    private final PartitionPauser pauser;
    // the container calls registerSeekCallback on each consumer thread; a seek from that thread is queued
    // and performed before its next poll
    private final ThreadLocal<ConsumerSeekCallback> seekCallback = new ThreadLocal<>();

    public RetryTierListener(RetrySigning signing, PartitionPauser pauser) {
        this.signing = signing;
        this.pauser = pauser;
    }

    @Override
    public void registerSeekCallback(ConsumerSeekCallback callback) {
        seekCallback.set(callback);
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        seekCallback.set(callback);
    }

    @Override
    public void unregisterSeekCallback() {
        seekCallback.remove();
    }

    @Override
    public void onMessage(ConsumerRecord<String, Object> record, Acknowledgment acknowledgment) {
        if (!(record.value() instanceof DeliveryRetry retry)) {
            throw new UnsignableNotificationException("record is not a DeliveryRetry but "
                    + (record.value() == null
                            ? "null"
                            : record.value().getClass().getSimpleName()));
        }
        switch (signing.signIfDue(retry)) {
            case RetryDecision.Signed signed -> acknowledgment.acknowledge();
            case RetryDecision.NotDue notDue -> {
                // not acknowledged: rewind to this record and pause only its partition; the tier's others keep flowing,
                // nothing is committed past it, and the consumer keeps polling (no rebalance, no spin)
                ConsumerSeekCallback callback = seekCallback.get();
                if (callback == null) {
                    // never expected: the container registers it on start; failing makes the error handler re-seek
                    throw new IllegalStateException("no seek callback on consumer thread "
                            + Thread.currentThread().getName());
                }
                callback.seek(record.topic(), record.partition(), record.offset());
                pauser.pause(new TopicPartition(record.topic(), record.partition()), notDue.pause());
            }
        }
    }
}
