package io.herald.ingest.http;

/**
 * A request body grew past {@code herald.ingest.max-request-body} while it was read (a chunked body, which declares no
 * length up front). Unchecked, so it passes unchanged through the message converters to the 413 answer.
 */
class BodyTooLargeException extends RuntimeException {

    /** @param what what the body is, e.g. "is more than 1048576 bytes" */
    BodyTooLargeException(String what) {
        super(what, null, false, false);
    }
}
