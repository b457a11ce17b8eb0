package io.herald.ingest.kafka;

import io.herald.ingest.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The listener container's error handler (Spring Boot gives the one {@code CommonErrorHandler} bean to its
 * container factory).
 *
 * <ul>
 *   <li>Records that cannot be read ({@code DeserializationException}, conversion failures, and
 *       {@link MalformedRecordException}) are not retried: the {@link MalformedRecordRecoverer} rejects them at once.
 *   <li>Anything else (broker or database unavailable while writing the outcome) is retried with exponential
 *       back-off, from {@code herald.ingest.retry-initial-interval} up to {@code herald.ingest.retry-max-interval},
 *       without limit: the offset is not committed until the outcome is written, so no request is lost.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class RequestErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(RequestErrorHandling.class);

    @Bean
    DefaultErrorHandler requestErrorHandler(MalformedRecordRecoverer recoverer, IngestProperties properties) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedRecordException.class);
        // every failed delivery, retryable or not; the recoverer logs what became of an unreadable record
        handler.setRetryListeners((record, failure, attempt) -> log.warn(
                "Processing {}-{}@{} failed (attempt {}): {}",
                record.topic(), record.partition(), record.offset(), attempt, rootMessage(failure)));
        return handler;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
