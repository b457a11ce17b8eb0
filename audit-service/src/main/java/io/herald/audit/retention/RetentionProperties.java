package io.herald.audit.retention;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long audit keeps a notification, {@code herald.audit.retention.*}.
 *
 * @param maxAge a notification whose last event is older than this is deleted with its timeline; {@code 0} keeps
 *     everything
 * @param purgeInterval how often the purge runs (also the delay after start-up)
 */
@Validated
@ConfigurationProperties("herald.audit.retention")
record RetentionProperties(
        @DefaultValue("90d") @NotNull Duration maxAge,
        @DefaultValue("1h") @NotNull Duration purgeInterval) {}
