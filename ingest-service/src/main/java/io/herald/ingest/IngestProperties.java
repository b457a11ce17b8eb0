package io.herald.ingest;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the ingest service ({@code herald.ingest.*}); each is documented with its default in
 * {@code application.yml}.
 *
 * @param idempotencyRetention how long an idempotency key is remembered; a repeat after that is accepted again
 * @param idempotencyPurgeInterval how often keys older than the retention are deleted
 * @param sendTimeout how long to wait for the broker to acknowledge an accepted or rejected event; longer than the
 *     producer's {@code delivery.timeout.ms}, so that an event reported as not written is abandoned by the producer
 *     too rather than written later
 * @param retryInitialInterval first pause before a request from herald.requests whose outcome could not be
 *     written (broker or database unavailable) is tried again
 * @param retryMaxInterval longest pause between such tries; they go on until the outcome is written
 */
@Validated
@ConfigurationProperties("herald.ingest")
public record IngestProperties(
        @DefaultValue("7d") @NotNull @DurationMin(seconds = 1) Duration idempotencyRetention,
        @DefaultValue("1h") @NotNull @DurationMin(seconds = 1) Duration idempotencyPurgeInterval,
        @DefaultValue("35s") @NotNull @DurationMin(millis = 1) Duration sendTimeout,
        @DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration retryInitialInterval,
        @DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration retryMaxInterval) {}
