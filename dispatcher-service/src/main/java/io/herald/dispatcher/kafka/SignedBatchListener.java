package io.herald.dispatcher.kafka;

import io.herald.contract.Provider;
import io.herald.dispatcher.lanes.ChannelLanes;
import io.herald.schema.SignedDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Listens to {@code herald.signed.<provider>} (one instance per configured provider) a poll at a time and hands
 * the poll's {@link SignedDelivery}s to the {@link ChannelLanes}, which deliver the channels concurrently. It
 * returns only after every outcome was acknowledged, so the container commits the poll's offsets after them.
 *
 * <p>When an outcome could not be written, it throws {@link BatchListenerFailedException} naming the first
 * such record: the container commits the records before it and redelivers the rest (at-least-once; a record
 * after it that was already delivered is delivered again, and the audit timeline shows both attempts).
 * Undecodable records are skipped ({@link UndecodableRecords}), except when the schema registry could not be
 * reached: then the record is fine and is retried from there like an unwritten outcome.
 */
public class SignedBatchListener implements BatchMessageListener<String, Object> {

    private static final LogAccessor LOG = new LogAccessor(LogFactory.getLog(SignedBatchListener.class));

    private final Provider provider;
    private final ChannelLanes lanes;
    private final UndecodableRecords undecodable;

    public SignedBatchListener(Provider provider, ChannelLanes lanes, UndecodableRecords undecodable) {
        this.provider = provider;
        this.lanes = lanes;
        this.undecodable = undecodable;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, Object>> records) {
        List<ChannelLanes.Item> items = new ArrayList<>(records.size());
        int registryFailure = -1;
        DeserializationException registryCause = null;
        for (int index = 0; index < records.size(); index++) {
            ConsumerRecord<String, Object> record = records.get(index);
            if (record.value() instanceof SignedDelivery signed) {
                items.add(new ChannelLanes.Item(index, signed));
                continue;
            }
            DeserializationException failure = record.value() == null
                    ? SerializationUtils.getExceptionFromHeader(record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG)
                    : null;
            if (failure != null && SignedTopicErrorHandler.isRegistryUnavailable(failure)) {
                // everything from here on is redelivered once the registry answers
                registryFailure = index;
                registryCause = failure;
                break;
            }
            undecodable.skip(record, failure != null ? UndecodableRecords.reason(failure)
                    : record.value() == null ? "no value"
                    : "value is a " + record.value().getClass().getName() + ", not a SignedDelivery");
        }
        Optional<ChannelLanes.Failure> failed;
        try {
            failed = lanes.deliver(provider, items);
        } catch (InterruptedException e) {
            // Stopping: nothing of this poll is committed; it is delivered again after the restart.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering a poll of " + records.size()
                    + " records from " + records.getFirst().topic(), e);
        }
        if (failed.isPresent() && (registryFailure < 0 || failed.get().index() < registryFailure)) {
            ConsumerRecord<String, Object> record = records.get(failed.get().index());
            throw new BatchListenerFailedException("outcome of " + where(record) + " not written",
                    failed.get().cause(), failed.get().index());
        }
        if (registryFailure >= 0) {
            throw new BatchListenerFailedException("schema registry unavailable while reading "
                    + where(records.get(registryFailure)), registryCause, registryFailure);
        }
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
