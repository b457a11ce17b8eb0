package io.herald.provider.spi.outcome;

import io.herald.schema.Outcome;
import java.time.Duration;
import java.util.Objects;

/**
 * What one try came to: the outcome that decides what happens next, plus the facts kept on the attempt.
 * Every text in here is safe to log and store (no credentials).
 *
 * @param outcome DELIVERED, RETRYABLE, RESIGN or PERMANENT
 * @param summary one human line, e.g. {@code HTTP 503} or {@code DingTalk errcode 310000: sign not match}
 * @param httpStatus the provider's HTTP status, {@code null} when there was no answer
 * @param providerCode the provider's own code (DingTalk errcode as a string), when it gave one
 * @param providerMessage the provider's own message (DingTalk errmsg), when it gave one
 * @param error what went wrong on the way (timeout, refused, DNS, unexpected body), when something did
 * @param retryAfter the earliest the provider wants another try ({@code Retry-After}), when it said so
 */
public record Classification(
        Outcome outcome,
        String summary,
        Integer httpStatus,
        String providerCode,
        String providerMessage,
        String error,
        Duration retryAfter) {

    public Classification {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(summary, "summary");
    }

    public Classification(
            Outcome outcome,
            String summary,
            Integer httpStatus,
            String providerCode,
            String providerMessage,
            String error) {
        this(outcome, summary, httpStatus, providerCode, providerMessage, error, null);
    }

    /** This classification, with the provider's {@code Retry-After} (ignored when {@code null}). */
    public Classification withRetryAfter(Duration delay) {
        return delay == null
                ? this
                : new Classification(outcome, summary, httpStatus, providerCode, providerMessage, error, delay);
    }

    /** A classification by a provider's own code and message (from the body). */
    public static Classification providerCode(
            Outcome outcome, String providerName, int status, String code, String message) {
        String text = message == null ? "" : message;
        return new Classification(
                outcome, providerName + " " + code + (text.isEmpty() ? "" : ": " + text), status, code, text, null);
    }

    /** A 2xx answer whose body is not what the provider sends: most likely a proxy or portal page. */
    public static Classification unexpectedBody(int status) {
        return new Classification(
                Outcome.RETRYABLE,
                "HTTP " + status + ": unexpected response body",
                status,
                null,
                null,
                "unexpected response body");
    }

    /** A try that got no HTTP answer. */
    public static Classification transportFailure(Outcome outcome, String error) {
        return new Classification(outcome, error, null, null, null, error);
    }

    /** An HTTP answer judged by its status alone. */
    public static Classification httpStatus(Outcome outcome, int status) {
        return new Classification(outcome, "HTTP " + status, status, null, null, null);
    }
}
