package io.herald.ingest.http;

/** The HTTP request body is not a JSON notification request at all (syntax, wrong type, unknown field). */
public class MalformedRequestException extends RuntimeException {

    public MalformedRequestException(String message) {
        super(message);
    }
}
