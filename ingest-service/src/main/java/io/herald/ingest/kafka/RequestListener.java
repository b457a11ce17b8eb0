package io.herald.ingest.kafka;

import io.herald.contract.kafka.Topics;
import io.herald.contract.kafka.UnreadableRecords;
import io.herald.ingest.intake.IntakeRequest;
import io.herald.ingest.intake.IntakeService;
import io.herald.schema.NotificationRequest;
import io.herald.schema.RecordOrigin;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.stereotype.Component;

/**
 * Reads herald.requests a poll at a time (consumer group from {@code spring.kafka.consumer.group-id},
 * herald-ingest) and hands the requests to {@link IntakeService#submitAll}. It returns once every outcome is
 * acknowledged by the broker, so offsets are committed only after the outcomes are written. A failure names the
 * record it happened at ({@link BatchListenerFailedException}): the error handler commits the records before it and
 * retries it, or, for a record that cannot be read (see {@link NotificationRequestDeserializer}), has the
 * {@link MalformedRecordRecoverer} reject it, as it would in record mode.
 */
@Component
public class RequestListener {

    /** The value deserializer that {@code ErrorHandlingDeserializer} delegates to, for this listener only. */
    static final String VALUE_DESERIALIZER =
            ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS + "=io.herald.ingest.kafka.NotificationRequestDeserializer";

    private final IntakeService intake;
    private final Topics topics;

    public RequestListener(IntakeService intake, Topics topics) {
        this.intake = intake;
        this.topics = topics;
    }

    /** The topic this listener reads, for the {@code @KafkaListener} expression. */
    public String requestsTopic() {
        return topics.requests();
    }

    @KafkaListener(
            id = "herald-ingest-requests",
            idIsGroup = false,
            topics = "#{__listener.requestsTopic()}",
            properties = VALUE_DESERIALIZER,
            batch = "true")
    public void onRequests(List<ConsumerRecord<String, NotificationRequest>> records) {
        List<IntakeRequest> requests = new ArrayList<>(records.size());
        for (ConsumerRecord<String, NotificationRequest> record : records) {
            if (record.value() == null) {
                // write the outcomes of the records before it, then fail at this one: it is rejected (or retried)
                if (!requests.isEmpty()) {
                    intake.submitAll(requests);
                }
                throw new BatchListenerFailedException("unreadable record", unreadable(record), requests.size());
            }
            RecordOrigin origin = new RecordOrigin(record.topic(), record.partition(), record.offset());
            requests.add(IntakeRequest.fromKafka(record.value(), origin));
        }
        intake.submitAll(requests);
    }

    private static RuntimeException unreadable(ConsumerRecord<String, NotificationRequest> record) {
        return UnreadableRecords.failure(record).<RuntimeException>map(e -> e).orElseGet(() ->
                new MalformedRecordException("the record has no value (null); expected an Avro NotificationRequest"));
    }
}
