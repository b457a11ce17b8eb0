package io.herald.dispatcher.transport;

import io.herald.provider.spi.outcome.ProviderAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** What sending one request produced: an HTTP answer, or a failure before any answer came. */
public sealed interface TransportResult {

    /** When the send started (dispatcher clock). */
    Instant startedAt();

    /** Time from the start of the send to the answer or the failure. */
    Duration latency();

    /**
     * The provider answered.
     *
     * @param responseDate the answer's {@code Date} header, a clock sample for the signer; {@code null} when absent or unreadable
     */
    record Answered(Instant startedAt, Duration latency, ProviderAnswer answer, Instant responseDate)
            implements TransportResult {
        public Answered {
            Objects.requireNonNull(answer, "answer");
        }
    }

    /**
     * No answer: the request could not be built, or connecting, sending or reading failed.
     *
     * @param target {@code host:port} the request went to (safe to log), or the redacted URL when it has none
     * @param cause what the HTTP client threw; its message may hold anything, so never store it unredacted
     * @param route the TLS profile and proxy used (for diagnostics), or {@code null}
     */
    record Failed(Instant startedAt, Duration latency, String target, Throwable cause, String route)
            implements TransportResult {
        public Failed {
            Objects.requireNonNull(cause, "cause");
        }

        public Failed(Instant startedAt, Duration latency, String target, Throwable cause) {
            this(startedAt, latency, target, cause, null);
        }
    }
}
