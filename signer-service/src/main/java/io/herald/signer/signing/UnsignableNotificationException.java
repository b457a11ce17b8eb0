package io.herald.signer.signing;

/**
 * A record that can never be signed, whatever is retried (e.g. an API call sent to a chat robot, or a
 * record of the wrong type on a signer topic). Those topics have single trusted writers, so this is a
 * contract violation: the record is logged, counted and skipped instead of holding up its partition.
 */
public class UnsignableNotificationException extends RuntimeException {

    public UnsignableNotificationException(String message) {
        super(message);
    }
}
