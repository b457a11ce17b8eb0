package io.herald.ingest.intake;

import io.herald.schema.Violation;

/**
 * One reason a request was refused.
 *
 * @param field path of the offending field as the HTTP API spells it ({@code channel}, {@code message.text},
 *     {@code apiCall.body}, ...), {@code request} for the request as a whole, or {@code record} for a Kafka
 *     record that could not be decoded
 * @param code machine-readable reason, one of {@link ViolationCode}
 * @param message what was wrong, for people; never echoes message content or secrets
 */
public record FieldViolation(String field, String code, String message) {

    /** The field of a violation about the request as a whole (its size as a Kafka record). */
    public static final String REQUEST = "request";

    public Violation toAvro() {
        return new Violation(field, code, message);
    }
}
