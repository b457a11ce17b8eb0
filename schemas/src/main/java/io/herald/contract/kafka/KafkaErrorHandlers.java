package io.herald.contract.kafka;

import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The listener containers' error handler of every Herald service: a record {@link MalformedRecords#isMalformed} says
 * can never be read or processed is skipped at once, with one line and a count; anything else (registry, broker or a
 * database unavailable) is retried from the failed record with exponential back-off, without end, so no offset is
 * committed before its record's outcome is written. Each failed try is one WARN line, never a stack trace.
 */
public final class KafkaErrorHandlers {

    private static final Logger log = LoggerFactory.getLogger(KafkaErrorHandlers.class);
    private static final BackOff SKIP_AT_ONCE = new FixedBackOff(0, 0);

    private KafkaErrorHandlers() {}

    /** Retries from the record a batch listener names ({@code BatchListenerFailedException}), else the whole batch. */
    public static DefaultErrorHandler untilItWorks(
            Duration initialBackOff, Duration maxBackOff, MalformedRecords malformed) {
        DefaultErrorHandler handler = new DefaultErrorHandler(malformed::skip, backOff(initialBackOff, maxBackOff));
        // deserialization failures are judged one by one: a registry outage must be retried, not skipped
        handler.removeClassification(DeserializationException.class);
        handler.addNotRetryableExceptions(UnprocessableRecordException.class);
        handler.setBackOffFunction((record, failure) -> malformed.isMalformed(failure) ? SKIP_AT_ONCE : null);
        handler.setCommitRecovered(true);
        handler.setLogLevel(KafkaException.Level.DEBUG);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
                if (!malformed.isMalformed(failure)) {
                    log.warn(
                            "Record {}-{}@{} failed (try {}), will be retried with back-off: {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            deliveryAttempt,
                            describe(failure));
                }
            }
        });
        return handler;
    }

    static BackOff backOff(Duration initial, Duration max) {
        ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), 2.0);
        backOff.setMaxInterval(max.toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        return backOff;
    }

    /** The failure and its causes as {@code message; caused by message}, without the container's wrappers. */
    static String describe(Throwable failure) {
        Throwable t = failure;
        while (t instanceof ListenerExecutionFailedException && t.getCause() != null) {
            t = t.getCause();
        }
        StringBuilder text = new StringBuilder();
        for (int depth = 0; t != null && depth < 4; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (depth > 0) {
                text.append("; caused by ");
            }
            text.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        return io.herald.contract.redaction.Redaction.text(text.toString());
    }
}
