package io.herald.ingest.kafka;

import io.herald.contract.kafka.Topics;
import io.herald.ingest.intake.IntakeRequest;
import io.herald.ingest.intake.IntakeService;
import io.herald.schema.NotificationRequest;
import io.herald.schema.RecordOrigin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.stereotype.Component;

/**
 * Reads herald.requests (consumer group from {@code spring.kafka.consumer.group-id}, herald-ingest) and hands
 * each request to the {@link IntakeService}. It returns once the outcome is acknowledged by the broker, so the
 * offset is committed only after the outcome is written. Unreadable records never get here: see
 * {@link NotificationRequestDeserializer} and {@link MalformedRecordRecoverer}.
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
            properties = VALUE_DESERIALIZER)
    public void onRequest(ConsumerRecord<String, NotificationRequest> record) {
        if (record.value() == null) {
            throw new MalformedRecordException("the record has no value (null); expected an Avro NotificationRequest");
        }
        RecordOrigin origin = new RecordOrigin(record.topic(), record.partition(), record.offset());
        intake.submit(IntakeRequest.fromKafka(record.value(), origin));
    }
}
