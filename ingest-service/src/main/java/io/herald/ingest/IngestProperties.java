package io.herald.ingest;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the ingest service ({@code herald.ingest.*}); each is documented with its default in
 * {@code application.yml}. How long ingest waits for the broker's acknowledgements is the shared
 * {@code herald.kafka.send-timeout}.
 *
 * @param idempotencyRetention how long an idempotency key is remembered; a repeat after that is accepted again
 * @param idempotencyPurgeInterval how often keys older than the retention are deleted
 * @param retryInitialInterval first pause before a request from herald.requests whose outcome could not be
 *     written (broker or database unavailable) is tried again
 * @param retryMaxInterval longest pause between such tries; they go on until the outcome is written
 */
@Validated
@ConfigurationProperties("herald.ingest")
public record IngestProperties(
        @DefaultValue("7d") @NotNull @DurationMin(seconds = 1) Duration idempotencyRetention,
        @DefaultValue("1h") @NotNull @DurationMin(seconds = 1) Duration idempotencyPurgeInterval,
        @DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration retryInitialInterval,
        @DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration retryMaxInterval) {}
