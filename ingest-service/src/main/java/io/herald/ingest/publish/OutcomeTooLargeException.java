package io.herald.ingest.publish;

/**
 * The broker (or the producer) refused an outcome as too large for its topic. Never retryable: the same request
 * fails the same way. Ingest checks sizes before sending ({@link RecordSize}), so this is the backstop for a topic
 * whose limit is lower than {@code herald.ingest.max-record-size}.
 */
public class OutcomeTooLargeException extends RuntimeException {

    public OutcomeTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
