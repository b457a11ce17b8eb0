package io.herald.ingest.kafka;

/**
 * A record on herald.requests that decoded without error but is still not a request (it has no value).
 * Not retryable: the {@link MalformedRecordRecoverer} rejects it.
 */
public class MalformedRecordException extends RuntimeException {

    public MalformedRecordException(String message) {
        super(message);
    }
}
