package io.herald.audit.channels;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The channel API, {@code herald.audit.channels.*}.
 *
 * @param maxRequestBody largest request body the channel API reads (413 beyond)
 * @param maxSecretBytes largest secret value accepted (UTF-8 bytes)
 * @param testWait how long {@code POST /v1/channels/{name}/test} waits for the outcome when {@code wait} is not given
 * @param testMaxWait the longest {@code wait} a test may ask for
 * @param seedRetry how long the seed import waits before trying again when it could not write (Kafka not reachable)
 * @param seedImport false: the seed file is not imported at start (tests without a broker)
 */
@Validated
@ConfigurationProperties("herald.audit.channels")
record ChannelsProperties(
        @DefaultValue("64KB") @NotNull DataSize maxRequestBody,
        @DefaultValue("4096") @Min(1) int maxSecretBytes,
        @DefaultValue("30s") @NotNull Duration testWait,
        @DefaultValue("120s") @NotNull Duration testMaxWait,
        @DefaultValue("5s") @NotNull Duration seedRetry,
        @DefaultValue("true") boolean seedImport) {}
