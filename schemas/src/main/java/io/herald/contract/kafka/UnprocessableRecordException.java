package io.herald.contract.kafka;

/**
 * A record that was read but can never be processed, however often it is retried (e.g. a notification no signer
 * can sign). The error handler of {@link KafkaErrorHandlers} skips it at once, with one log line and a count in
 * {@value MalformedRecords#METER}, instead of retrying it.
 */
public class UnprocessableRecordException extends RuntimeException {

    public UnprocessableRecordException(String message) {
        super(message);
    }
}
