package io.herald.signer.accepted;

import io.herald.contract.kafka.AcceptedTimes;
import io.herald.contract.kafka.MalformedRecords;
import io.herald.contract.kafka.Poll;
import io.herald.contract.kafka.Topics;
import io.herald.contract.tracing.PollTraces;
import io.herald.contract.tracing.RecordTracing;
import io.herald.schema.AcceptedNotification;
import io.herald.signer.signing.DeliverySigner;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Reads {@code herald.accepted} (key: channel) a poll at a time and hands the notifications to
 * {@link DeliverySigner} for their first attempt. Returns only after every signed request is on the broker, so
 * offsets are committed after the outcomes are written. Records that cannot be read are skipped in the same batch
 * ({@link MalformedRecords}); a record the schema registry could not be asked about stops the poll there, to be
 * retried. A failure names the record it happened at ({@link BatchListenerFailedException}): the error handler
 * commits the records before it and retries or skips it as in record mode.
 */
@Component
class AcceptedListener {

    private static final String LISTENER_ID = "herald-signer-accepted";

    private final DeliverySigner signer;
    private final Topics topics;
    private final MalformedRecords malformedRecords;
    private final RecordTracing tracing;

    public AcceptedListener(
            DeliverySigner signer, Topics topics, MalformedRecords malformedRecords, RecordTracing tracing) {
        this.signer = signer;
        this.topics = topics;
        this.malformedRecords = malformedRecords;
        this.tracing = tracing;
    }

    /** The topic this listener reads, for the {@code @KafkaListener} expression. */
    public String topic() {
        return topics.accepted();
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = "#{__listener.topic()}", batch = "true")
    public void onAccepted(List<ConsumerRecord<String, Object>> records) {
        Poll<AcceptedNotification> poll = malformedRecords.read(records, AcceptedNotification.class, "skipped");
        PollTraces traces = PollTraces.start(tracing, LISTENER_ID, poll, AcceptedNotification::getNotificationId);
        try {
            signer.signFirstAttempts(AcceptedTimes.fromBroker(poll), traces);
        } catch (BatchListenerFailedException e) {
            traces.get(e.getIndex()).end(e.getCause() != null ? e.getCause() : e);
            // the signer counts in readable notifications; the container counts in records of the poll
            throw new BatchListenerFailedException(
                    e.getMessage(),
                    e.getCause(),
                    poll.readable().get(e.getIndex()).index());
        } finally {
            traces.end();
        }
        poll.throwIfStopped();
    }
}
