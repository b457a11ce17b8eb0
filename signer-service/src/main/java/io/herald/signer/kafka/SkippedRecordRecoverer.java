package io.herald.signer.kafka;

import io.herald.signer.signing.UnsignableNotificationException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.stereotype.Component;

/**
 * Skips a record on {@code herald.accepted} or a retry tier that can never be signed: undecodable (not Avro,
 * unknown schema, wrong type) or unsignable (e.g. an API call for a chat robot). Those topics have single
 * trusted writers, so such a record is a bug upstream; holding up its partition forever would be worse.
 * Logs topic, partition, offset and the reason, and counts it in {@value #METER}, tagged by topic and reason.
 *
 * <p>Only the error handler's non-retryable failures get here; every other failure is retried indefinitely.
 */
@Component
public class SkippedRecordRecoverer implements ConsumerRecordRecoverer {

    public static final String METER = "herald.signer.records.skipped";

    private static final Logger log = LoggerFactory.getLogger(SkippedRecordRecoverer.class);

    private final MeterRegistry meters;

    public SkippedRecordRecoverer(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception failure) {
        String reason = Failures.unwrap(failure) instanceof UnsignableNotificationException ? "unsignable" : "undecodable";
        log.error("Skipped {} record {}-{}@{}: {}", reason, record.topic(), record.partition(), record.offset(),
                Failures.describe(failure));
        Counter.builder(METER)
                .description("Records on herald.accepted or a retry tier the signer skipped because they can never be signed")
                .tag("topic", record.topic())
                .tag("reason", reason)
                .register(meters)
                .increment();
    }
}
