package io.herald.signer.kafka;

import io.herald.signer.SignerProperties;
import io.herald.signer.signing.UnsignableNotificationException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The one place that decides, for the signer's listeners, what is retried and what is skipped.
 *
 * <ul>
 *   <li>Undecodable records (deserialization, conversion, wrong type) and {@link UnsignableNotificationException}
 *       are skipped by {@link SkippedRecordRecoverer}: logged, counted, offset committed.
 *   <li>A channel that cannot be signed (unknown, a secret that cannot be read, a malformed credential) or a clock
 *       that cannot be trusted is not a failure here: the signer writes a refusal the dispatcher acts on.
 *   <li>Everything else (the broker not acknowledging) is retried
 *       indefinitely with exponential back-off from {@code herald.signer.failure-backoff-initial} to
 *       {@code herald.signer.failure-backoff-max}, so no record is lost; each failure is logged as one line.
 * </ul>
 * Boot's listener container factory picks this handler up for {@code herald.accepted} and the retry tiers.
 */
@Configuration(proxyBeanMethods = false)
public class SignerKafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SignerKafkaConfiguration.class);

    static {
        // spring-kafka prints whole producer records (a signed URL carries access_token and sign) in its
        // debug and trace lines; print where they went instead
        KafkaUtils.setProducerRecordFormatter(record -> "topic " + record.topic() + ", key " + record.key());
    }

    @Bean
    DefaultErrorHandler signerErrorHandler(SkippedRecordRecoverer recoverer, SignerProperties properties) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.failureBackoffInitial().toMillis(), 2.0);
        backOff.setMaxInterval(properties.failureBackoffMax().toMillis());
        // max elapsed time and max attempts stay unlimited: a record is retried until it succeeds

        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(UnsignableNotificationException.class);
        handler.setCommitRecovered(true);
        // the retry listener logs one line per failure; the handler's own log carries a stack trace each time
        handler.setLogLevel(KafkaException.Level.DEBUG);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
                log.warn("Record {}-{}@{} failed (delivery attempt {}): {}", record.topic(), record.partition(),
                        record.offset(), deliveryAttempt, Failures.describe(failure));
            }
        });
        return handler;
    }
}
