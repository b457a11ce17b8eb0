package io.herald.provider.spi.signing;

import io.herald.contract.kafka.UnprocessableRecordException;

/**
 * A record that can never be signed, whatever is retried (e.g. an API call sent to a chat robot, or a
 * record of the wrong type on a signer topic). Those topics have single trusted writers, so this is a
 * contract violation: the record is logged, counted and skipped instead of holding up its partition
 * ({@link io.herald.contract.kafka.KafkaErrorHandlers}).
 */
public class UnsignableNotificationException extends UnprocessableRecordException {

    public UnsignableNotificationException(String message) {
        super(message);
    }
}
