package io.herald.ingest.publish;

/** An outcome could not be written to Kafka (broker unavailable, timeout, record refused). Retryable. */
public class PublishException extends RuntimeException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
