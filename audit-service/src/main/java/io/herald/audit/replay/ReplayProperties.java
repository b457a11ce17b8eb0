package io.herald.audit.replay;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Dead-letter replay, {@code herald.audit.replay.*}.
 *
 * @param ratePerSecond replays sent per second at most, across all requests (Resilience4j rate limiter)
 * @param maxWait how long one replay waits for the rate limiter before the rest of the request is answered RATE_LIMITED
 * @param maxPerRequest most dead letters one request may replay (ids or filter)
 */
@Validated
@ConfigurationProperties("herald.audit.replay")
record ReplayProperties(
        @DefaultValue("20") @Min(1) int ratePerSecond,
        @DefaultValue("10s") @NotNull Duration maxWait,
        @DefaultValue("1000") @Min(1) int maxPerRequest) {}
