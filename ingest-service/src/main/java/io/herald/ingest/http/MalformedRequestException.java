package io.herald.ingest.http;

import io.herald.ingest.intake.FieldViolation;
import java.util.List;

/**
 * The HTTP request body is not a JSON notification request at all (syntax, wrong JSON type, unknown field). The
 * message says what and where (line and column, or the field path); {@link #problems()} lists each wrong field.
 */
class MalformedRequestException extends RuntimeException {

    private final transient List<FieldViolation> problems;

    public MalformedRequestException(String message) {
        this(message, List.of());
    }

    public MalformedRequestException(String message, List<FieldViolation> problems) {
        super(message, null, false, false); // an expected answer to bad input: no stack trace to fill
        this.problems = List.copyOf(problems);
    }

    /** Each field with a wrong type or unknown name; empty for a body that is not JSON. */
    public List<FieldViolation> problems() {
        return problems;
    }
}
