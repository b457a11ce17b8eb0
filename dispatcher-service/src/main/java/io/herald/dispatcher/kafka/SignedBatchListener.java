package io.herald.dispatcher.kafka;

import io.herald.contract.kafka.MalformedRecords;
import io.herald.contract.kafka.Poll;
import io.herald.contract.provider.Provider;
import io.herald.contract.tracing.RecordTrace;
import io.herald.contract.tracing.RecordTracing;
import io.herald.dispatcher.lanes.ChannelLanes;
import io.herald.schema.SignedDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;

/**
 * Listens to {@code herald.signed.<provider>} (one instance per configured provider) a poll at a time and hands its
 * {@link SignedDelivery}s to the {@link ChannelLanes}, returning only after every outcome was acknowledged, so the
 * container commits the poll's offsets after them. An outcome not written throws {@link BatchListenerFailedException}
 * at its record, and the records from there are redelivered (at-least-once: the audit timeline shows both attempts).
 * Unreadable records are skipped ({@link MalformedRecords}), except when the schema registry could not be asked.
 */
public class SignedBatchListener implements BatchMessageListener<String, Object> {

    /** What every provider's listener shares: the lanes, and how records are read and traced. */
    public record Readers(ChannelLanes lanes, MalformedRecords malformedRecords, RecordTracing tracing) {}

    private final Provider provider;
    private final Readers readers;
    private final String listenerId;

    SignedBatchListener(Provider provider, Readers readers) {
        this.provider = provider;
        this.readers = readers;
        this.listenerId = "herald-signed-" + provider.id();
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, Object>> records) {
        Poll<SignedDelivery> poll = readers.malformedRecords().read(records, SignedDelivery.class, "skipped");
        List<ChannelLanes.Item> items = new ArrayList<>(poll.readable().size());
        for (Poll.Item<SignedDelivery> item : poll.readable()) {
            RecordTrace trace = readers.tracing()
                    .start(
                            listenerId,
                            item.record(),
                            item.value().getNotification().getNotificationId());
            items.add(new ChannelLanes.Item(item.index(), item.value(), trace));
        }
        Optional<ChannelLanes.Failure> failed;
        try {
            failed = readers.lanes().deliver(provider, items);
        } catch (InterruptedException e) {
            // Stopping: nothing of this poll is committed; it is delivered again after the restart.
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while delivering a poll of " + records.size() + " records from "
                            + records.getFirst().topic(),
                    e);
        } finally {
            items.forEach(item -> item.trace().end());
        }
        if (failed.isPresent()) {
            ConsumerRecord<String, Object> record = records.get(failed.get().index());
            throw new BatchListenerFailedException(
                    "outcome of " + where(record) + " not written",
                    failed.get().cause(),
                    failed.get().index());
        }
        poll.throwIfStopped();
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
