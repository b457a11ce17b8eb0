package io.herald.signer.kafka;

import io.herald.contract.kafka.KafkaErrorHandlers;
import io.herald.contract.kafka.MalformedRecords;
import io.herald.signer.SignerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaUtils;

/**
 * The signer's listener error handler ({@link KafkaErrorHandlers}) for {@code herald.accepted} and the retry tiers:
 * records that can never be read or signed are skipped with one line and a count; everything else is retried with
 * back-off ({@code herald.signer.failure-backoff-initial} to {@code -max}) without end, so no record is lost. A channel
 * that cannot be signed is no failure here: the signer writes a refusal the dispatcher acts on.
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
