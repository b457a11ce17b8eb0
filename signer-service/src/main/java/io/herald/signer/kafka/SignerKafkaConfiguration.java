package io.herald.signer.kafka;

import io.herald.contract.kafka.KafkaErrorHandlers;
import io.herald.contract.kafka.MalformedRecords;
import io.herald.signer.SignerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaUtils;

/**
 * The signer's listener error handler ({@link KafkaErrorHandlers}), which Boot's container factory gives
 * {@code herald.accepted} and the retry tiers: records that can never be read or signed
 * ({@link io.herald.provider.spi.signing.UnsignableNotificationException}) are skipped with one line and a count; a
 * channel that cannot be signed or a clock that cannot be trusted is no failure here (the signer writes a refusal
 * the dispatcher acts on); everything else (the broker not acknowledging, the registry unavailable) is retried with
 * back-off from {@code herald.signer.failure-backoff-initial} to {@code herald.signer.failure-backoff-max}, without
 * end, so no record is lost.
 */
@Configuration(proxyBeanMethods = false)
class SignerKafkaConfiguration {

    static {
        // spring-kafka prints whole producer records (a signed URL carries access_token and sign) in its
        // debug and trace lines; print where they went instead
        KafkaUtils.setProducerRecordFormatter(record -> "topic " + record.topic() + ", key " + record.key());
    }

    @Bean
    DefaultErrorHandler signerErrorHandler(SignerProperties properties, MalformedRecords malformedRecords) {
        return KafkaErrorHandlers.untilItWorks(
                properties.failureBackoffInitial(), properties.failureBackoffMax(), malformedRecords);
    }
}
