package io.herald.ingest.kafka;

import io.herald.contract.kafka.MalformedRecord;
import io.herald.contract.kafka.MalformedRecords;
import io.herald.contract.kafka.Poll;
import io.herald.contract.kafka.Topics;
import io.herald.contract.tracing.RecordTrace;
import io.herald.contract.tracing.RecordTracing;
import io.herald.ingest.intake.FieldViolation;
import io.herald.ingest.intake.IntakeRequest;
import io.herald.ingest.intake.IntakeService;
import io.herald.schema.NotificationRequest;
import io.herald.schema.RecordOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Reads herald.requests a poll at a time (group herald-ingest, {@code spring.kafka.consumer.group-id}) and hands them
 * to {@link IntakeService#submitAll}, which returns once every outcome is acknowledged, so offsets are committed only
 * after the outcomes are written. A record that cannot be read ({@link MalformedRecords}) is rejected in the same
 * batch: a RejectedNotification with violation field {@value #FIELD}, the record's bytes and its origin.
 */
@Component
class RequestListener {

    /** The violation field of a record that could not be read. */
    static final String FIELD = "record";

    private static final String LISTENER_ID = "herald-ingest-requests";
    // a caller-chosen id is put on the span and in log lines only once it looks like one (validated later)
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final IntakeService intake;
    private final Topics topics;
    private final MalformedRecords malformedRecords;
    private final RecordTracing tracing;

    public RequestListener(
            IntakeService intake, Topics topics, MalformedRecords malformedRecords, RecordTracing tracing) {
        this.intake = intake;
        this.topics = topics;
        this.malformedRecords = malformedRecords;
        this.tracing = tracing;
    }

    /** The topic this listener reads, for the {@code @KafkaListener} expression. */
    public String requestsTopic() {
        return topics.requests();
    }

    /**
     * @throws BatchListenerFailedException at the first record whose outcome was not written, or at the first one
     *     the schema registry could not be asked about (not the record's fault): the records before it are committed
     *     and the container retries from it with back-off
     */
    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = "#{__listener.requestsTopic()}", batch = "true")
    public void onRequests(List<ConsumerRecord<String, Object>> records) {
        Poll<NotificationRequest> poll = malformedRecords.read(records, NotificationRequest.class, "rejected");
        // every record before the stop, readable or not, in poll order: a failure's index is the record's index
        List<IntakeRequest> requests = new ArrayList<>(records.size());
        List<RecordTrace> traces = new ArrayList<>(records.size());
        int nextMalformed = 0;
        for (Poll.Item<NotificationRequest> item : poll.readable()) {
            while (nextMalformed < poll.malformed().size()
                    && poll.malformed().get(nextMalformed).index() < item.index()) {
                unreadable(poll.malformed().get(nextMalformed++), requests, traces);
            }
            requests.add(IntakeRequest.fromKafka(item.value(), origin(item.record())));
            traces.add(tracing.start(LISTENER_ID, item.record(), plainId(item.value())));
        }
        while (nextMalformed < poll.malformed().size()) {
            unreadable(poll.malformed().get(nextMalformed++), requests, traces);
        }
        try {
            intake.submitAll(requests, traces);
        } catch (BatchListenerFailedException e) {
            traces.get(e.getIndex()).end(e.getCause() != null ? e.getCause() : e);
            throw e;
        } finally {
            traces.forEach(RecordTrace::end);
        }
        poll.throwIfStopped();
    }

    private void unreadable(MalformedRecord malformed, List<IntakeRequest> requests, List<RecordTrace> traces) {
        requests.add(IntakeRequest.unreadable(
                origin(malformed.record()),
                new FieldViolation(FIELD, malformed.reason(), malformed.message()),
                malformed.data()));
        traces.add(tracing.start(LISTENER_ID, malformed.record(), null));
    }

    private static String plainId(NotificationRequest request) {
        String id = request.getNotificationId();
        return id != null && PLAIN_ID.matcher(id).matches() ? id : null;
    }

    private static RecordOrigin origin(ConsumerRecord<?, ?> record) {
        return new RecordOrigin(record.topic(), record.partition(), record.offset());
    }
}
