package io.herald.contract.channel;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service follows {@code herald.channels} ({@code herald.live-channels.*}).
 *
 * @param follow follow the topic (the default); false: the seed file's channels alone, never changing (tools, tests)
 * @param startTimeout how long start-up waits to catch up with the topic; past it the service starts on the seed
 *     file's channels alone and its {@code channels} health component is DOWN until it has caught up
 */
@ConfigurationProperties("herald.live-channels")
public record LiveChannelsProperties(
        @DefaultValue("true") boolean follow,
        @DefaultValue("20s") Duration startTimeout) {

    public LiveChannelsProperties {
        if (startTimeout == null || startTimeout.isNegative()) {
            throw new IllegalArgumentException("herald.live-channels.start-timeout must not be negative");
        }
    }
}
