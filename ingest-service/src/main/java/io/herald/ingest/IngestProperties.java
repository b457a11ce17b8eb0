package io.herald.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the ingest service ({@code herald.ingest.*}); each is documented with its default in
 * {@code application.yml}. How long a Kafka request waits for the broker's acknowledgements is the shared
 * {@code herald.kafka.send-timeout}.
 *
 * @param idempotencyRetention how long an idempotency key is remembered; a repeat after that is accepted again
 * @param idempotencyPurgeInterval how often keys older than the retention are deleted
 * @param retryInitialInterval first pause before a request from herald.requests whose outcome could not be
 *     written (broker or database unavailable) is tried again
 * @param retryMaxInterval longest pause between such tries; they go on until the outcome is written
 * @param maxRequestBody largest HTTP request body read; a larger one is answered 413 before it is buffered
 * @param maxConcurrentRequests HTTP notification requests processed at once; one more is answered 503 at once
 * @param maxConcurrentLargeRequests of those, how many with a body over 64 KiB or of unknown length
 * @param maxRecordSize largest accepted or rejected notification written to Kafka, serialized; a request that
 *     would make a larger one is rejected (HTTP 413) instead of failing at the broker for ever
 * @param httpSendTimeout longest an HTTP request waits for the broker to acknowledge its outcome (from before the
 *     send); the HTTP producer gives up sooner, so an outcome answered as not written is never written later
 * @param httpDatabaseTimeout longest an HTTP request waits for each idempotency-ledger statement (a frozen or
 *     unreachable PostgreSQL); waiting for a pooled connection is bounded by Hikari's connection-timeout
 */
@Validated
@ConfigurationProperties("herald.ingest")
public record IngestProperties(
        @DefaultValue("7d") @NotNull @DurationMin(seconds = 1)
        Duration idempotencyRetention,

        @DefaultValue("1h") @NotNull @DurationMin(seconds = 1)
        Duration idempotencyPurgeInterval,

        @DefaultValue("1s") @NotNull @DurationMin(millis = 1)
        Duration retryInitialInterval,

        @DefaultValue("30s") @NotNull @DurationMin(millis = 1)
        Duration retryMaxInterval,

        @DefaultValue(DEFAULT_MAX_REQUEST_BODY) @NotNull DataSize maxRequestBody,

        @DefaultValue(DEFAULT_MAX_CONCURRENT_REQUESTS) @Min(1) @Max(1000)
        int maxConcurrentRequests,

        @DefaultValue(DEFAULT_MAX_CONCURRENT_LARGE_REQUESTS) @Min(1) @Max(1000)
        int maxConcurrentLargeRequests,

        @DefaultValue(DEFAULT_MAX_RECORD_SIZE) @NotNull DataSize maxRecordSize,

        @DefaultValue(DEFAULT_HTTP_SEND_TIMEOUT) @NotNull @DurationMin(millis = 200) @DurationMax(minutes = 5)
        Duration httpSendTimeout,

        @DefaultValue(DEFAULT_HTTP_DATABASE_TIMEOUT) @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 5)
        Duration httpDatabaseTimeout) {

    static final String DEFAULT_MAX_REQUEST_BODY = "1MB";
    static final String DEFAULT_MAX_CONCURRENT_REQUESTS = "8";
    static final String DEFAULT_MAX_CONCURRENT_LARGE_REQUESTS = "2";
    static final String DEFAULT_MAX_RECORD_SIZE = "1000000B";
    static final String DEFAULT_HTTP_SEND_TIMEOUT = "2s";
    static final String DEFAULT_HTTP_DATABASE_TIMEOUT = "1s";

    @ConstructorBinding
    public IngestProperties {
        if (maxRequestBody != null && maxRequestBody.toBytes() < 1024) {
            throw new IllegalArgumentException(
                    "herald.ingest.max-request-body must be at least 1KB, was " + maxRequestBody);
        }
        if (maxRecordSize != null && maxRecordSize.toBytes() < 1024) {
            throw new IllegalArgumentException(
                    "herald.ingest.max-record-size must be at least 1KB, was " + maxRecordSize);
        }
    }

    /** The Kafka-side settings, with every HTTP setting at its default (for tests of the Kafka path). */
    public IngestProperties(
            Duration idempotencyRetention,
            Duration idempotencyPurgeInterval,
            Duration retryInitialInterval,
            Duration retryMaxInterval) {
        this(
                idempotencyRetention,
                idempotencyPurgeInterval,
                retryInitialInterval,
                retryMaxInterval,
                DataSize.parse(DEFAULT_MAX_REQUEST_BODY),
                Integer.parseInt(DEFAULT_MAX_CONCURRENT_REQUESTS),
                Integer.parseInt(DEFAULT_MAX_CONCURRENT_LARGE_REQUESTS),
                DataSize.parse(DEFAULT_MAX_RECORD_SIZE),
                Duration.parse("PT" + DEFAULT_HTTP_SEND_TIMEOUT),
                Duration.parse("PT" + DEFAULT_HTTP_DATABASE_TIMEOUT));
    }
}
