package io.herald.provider.spi.outcome;

import io.herald.schema.SignedContent;
import io.herald.schema.SigningClockState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds the context of a try for explanation tests: an answer classified by the provider's own classifier. */
public final class Contexts {

    public static final Instant SIGNED_AT = Instant.parse("2026-03-01T10:00:00Z");

    private Contexts() {}

    public static ProviderAnswer answer(int status, String body) {
        return new ProviderAnswer(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /** The trusted clock: bound 8 ms against {@code toleranceMs}. */
    public static SigningClockState trusted(long toleranceMs) {
        return new SigningClockState(120L, 8L, toleranceMs);
    }

    /** A clock whose bound is more than half the tolerance. */
    public static SigningClockState untrusted(long toleranceMs) {
        return new SigningClockState(0L, toleranceMs, toleranceMs);
    }

    public static ExplainContext of(Classification result, SigningClockState clock, Instant providerDate) {
        return new ExplainContext(result, SIGNED_AT, providerDate, clock, null, null);
    }

    public static ExplainContext sent(
            Classification result, String method, String url, String body, SignedContent signedContent) {
        return new ExplainContext(
                result,
                SIGNED_AT,
                null,
                null,
                new ExplainContext.SentRequest(method, url, body.getBytes(StandardCharsets.UTF_8)),
                signedContent);
    }
}
