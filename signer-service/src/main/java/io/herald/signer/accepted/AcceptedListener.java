package io.herald.signer.accepted;

import io.herald.contract.kafka.Topics;
import io.herald.contract.kafka.UnreadableRecords;
import io.herald.schema.AcceptedNotification;
import io.herald.signer.signing.DeliverySigner;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.converter.ConversionException;
import org.springframework.stereotype.Component;

/**
 * Reads {@code herald.accepted} (key: channel) a poll at a time and hands the notifications to
 * {@link DeliverySigner} for their first attempt. Returns only after every signed request is on the broker, so
 * offsets are committed after the outcomes are written. A failure names the record it happened at
 * ({@link BatchListenerFailedException}): the error handler commits the records before it and retries or skips
 * it as in record mode.
 */
@Component
public class AcceptedListener {

    private final DeliverySigner signer;
    private final Topics topics;

    public AcceptedListener(DeliverySigner signer, Topics topics) {
        this.signer = signer;
        this.topics = topics;
    }

    /** The topic this listener reads, for the {@code @KafkaListener} expression. */
    public String topic() {
        return topics.accepted();
    }

    @KafkaListener(id = "herald-signer-accepted", idIsGroup = false, topics = "#{__listener.topic()}", batch = "true")
    public void onAccepted(List<ConsumerRecord<String, Object>> records) {
        List<AcceptedNotification> notifications = new ArrayList<>(records.size());
        for (ConsumerRecord<String, Object> record : records) {
            if (!(record.value() instanceof AcceptedNotification notification)) {
                // sign what came before, then fail at this record: it is skipped as undecodable
                signer.signFirstAttempts(notifications);
                throw new BatchListenerFailedException("unreadable record", unreadable(record), notifications.size());
            }
            notifications.add(notification);
        }
        signer.signFirstAttempts(notifications);
    }

    private static RuntimeException unreadable(ConsumerRecord<String, Object> record) {
        return UnreadableRecords.failure(record).<RuntimeException>map(e -> e).orElseGet(() -> new ConversionException(
                "record is not an AcceptedNotification but "
                        + (record.value() == null ? "null" : record.value().getClass().getSimpleName()), record, null));
    }
}
