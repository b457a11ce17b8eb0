package io.herald.ingest.kafka;

import io.herald.contract.kafka.KafkaErrorHandlers;
import io.herald.contract.kafka.MalformedRecords;
import io.herald.ingest.IngestProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * The listener container's error handler ({@link KafkaErrorHandlers}): a poll whose outcomes could not be written
 * (broker or database unavailable) or whose records the schema registry could not be asked about is retried from
 * the failed record with back-off from {@code herald.ingest.retry-initial-interval} up to
 * {@code herald.ingest.retry-max-interval}, without limit, so no request is lost.
 */
@Configuration(proxyBeanMethods = false)
class RequestErrorHandling {

    @Bean
    DefaultErrorHandler requestErrorHandler(IngestProperties properties, MalformedRecords malformedRecords) {
        return KafkaErrorHandlers.untilItWorks(
                properties.retryInitialInterval(), properties.retryMaxInterval(), malformedRecords);
    }
}
