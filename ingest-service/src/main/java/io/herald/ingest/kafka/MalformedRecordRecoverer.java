package io.herald.ingest.kafka;

import io.herald.ingest.IngestProperties;
import io.herald.ingest.kafka.MalformedRecordClassifier.Verdict;
import io.herald.ingest.publish.OutcomePublisher;
import io.herald.schema.RecordOrigin;
import io.herald.schema.RejectedNotification;
import io.herald.schema.Source;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.stereotype.Component;

/**
 * Turns a record on herald.requests that cannot be read (not Avro, unknown schema id, Avro of another schema,
 * no value) into a RejectedNotification on herald.rejected, with violation field {@code record}, the record's
 * bytes as {@code rawPayload} and its topic/partition/offset as {@code origin}, under a fresh notification id.
 * So a malformed record is neither lost nor blocks its partition.
 *
 * <p>Called by the listener container's error handler for failures that are not retryable. When the rejection
 * cannot be written, or the record is not at fault (schema registry unavailable), it pauses and throws, so the
 * container seeks back and the record is tried again instead of being skipped.
 */
@Component
public class MalformedRecordRecoverer implements ConsumerRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(MalformedRecordRecoverer.class);

    private final OutcomePublisher publisher;
    private final Clock clock;
    private final Duration initialPause;
    private final Duration maxPause;
    private volatile Duration nextPause;

    public MalformedRecordRecoverer(OutcomePublisher publisher, Clock clock, IngestProperties properties) {
        this.publisher = publisher;
        this.clock = clock;
        this.initialPause = properties.retryInitialInterval();
        this.maxPause = properties.retryMaxInterval();
        this.nextPause = initialPause;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception failure) {
        String at = record.topic() + "-" + record.partition() + "@" + record.offset();
        Verdict verdict = MalformedRecordClassifier.classify(failure);
        if (verdict instanceof Verdict.RetryLater(String reason)) {
            log.warn("Cannot read {} yet, will retry: {}", at, reason);
            pause();
            throw new IllegalStateException("record " + at + " will be retried: " + reason);
        }
        RejectedNotification rejected = rejection(record, (Verdict.Reject) verdict);
        try {
            publisher.publishRejected(rejected);
        } catch (RuntimeException e) {
            log.warn("Could not write the rejection of malformed record {}, will retry: {}", at, e.toString());
            pause();
            throw e;
        }
        nextPause = initialPause;
        log.warn("Rejected malformed record {} as {}: {} {}", at, rejected.getNotificationId(),
                rejected.getViolations().getFirst().getCode(), rejected.getViolations().getFirst().getMessage());
    }

    /** The rejection for a record the classifier says is at fault. */
    RejectedNotification rejection(ConsumerRecord<?, ?> record, Verdict.Reject verdict) {
        return RejectedNotification.newBuilder()
                .setNotificationId(UUID.randomUUID().toString())
                .setIdempotencyKey(null)
                .setChannel(null)
                .setTenant(null)
                .setSource(Source.KAFKA)
                .setViolations(List.of(verdict.violation().toAvro()))
                .setRequest(null)
                .setRawPayload(verdict.payload() == null ? null : ByteBuffer.wrap(verdict.payload()))
                .setOrigin(new RecordOrigin(record.topic(), record.partition(), record.offset()))
                .setRejectedAt(clock.instant())
                .build();
    }

    /**
     * Waits before the container redelivers the record: a failed recovery is retried at once otherwise. Runs on
     * the consumer thread, well within max.poll.interval.ms (herald.ingest.retry-max-interval, 30 s by default).
     */
    private void pause() {
        Duration pause = nextPause;
        nextPause = pause.multipliedBy(2).compareTo(maxPause) > 0 ? maxPause : pause.multipliedBy(2);
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
