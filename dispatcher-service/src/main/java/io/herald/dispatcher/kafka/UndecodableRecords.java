package io.herald.dispatcher.kafka;

import io.herald.contract.redaction.Redaction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Skips a record of a signed topic that cannot be read as a {@code SignedDelivery}: logs where it is and
 * why, counts it in {@code herald.dispatcher.records.undecodable} and lets the partition move on. The
 * signer is the topic's only writer, so such a record is a bug to investigate, not a delivery to retry;
 * blocking the partition would stop every channel behind it. The record's bytes are never logged: a
 * signed request holds credentials.
 */
public class UndecodableRecords {

    static final String COUNTER = "herald.dispatcher.records.undecodable";

    private static final Logger log = LoggerFactory.getLogger(UndecodableRecords.class);

    private final MeterRegistry meters;

    public UndecodableRecords(MeterRegistry meters) {
        this.meters = meters;
    }

    public void skip(ConsumerRecord<?, ?> record, String reason) {
        log.error("skipping undecodable record {}-{}@{}: {}",
                record.topic(), record.partition(), record.offset(), reason);
        Counter.builder(COUNTER)
                .description("Records of signed topics skipped because they could not be read")
                .tag("topic", record.topic())
                .register(meters)
                .increment();
    }

    /** For the container's error handler: reached by undecodable records and other errors no retry can fix. */
    public ConsumerRecordRecoverer recoverer() {
        return (record, exception) -> skip(record, reason(exception));
    }

    static String reason(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof DeserializationException deserialization) {
                return (deserialization.isKey() ? "key" : "value") + " could not be deserialized: "
                        + describe(deserialization.getCause() != null ? deserialization.getCause() : deserialization);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        Throwable failure = exception;
        while (failure instanceof ListenerExecutionFailedException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return describe(failure) + (root == failure ? "" : " (cause: " + describe(root) + ")");
    }

    private static String describe(Throwable t) {
        return t.getClass().getName() + (t.getMessage() == null ? "" : ": " + Redaction.text(t.getMessage()));
    }
}
