package io.herald.contract.channel;

import io.herald.contract.provider.Provider;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One delivery target from the channel catalog.
 *
 * @param provider provider id: dingtalk, feishu, wecom, slack, webhook, tencentcloud, dogecloud
 * @param endpoint the provider URL, without credentials
 * @param credentials credential name to a reference, {@code env:VARIABLE} or {@code file:/path}; never the secret itself
 * @param maxMessageBytes largest message accepted for this channel; the provider's limit when absent
 * @param ratePerMinute sends per minute the provider allows for this channel; absent for no limit
 * @param maxAttempts tries sent before a notification of this channel is dead-lettered; the dispatcher's
 *     {@code herald.dispatcher.max-attempts} when absent
 * @param maxAge no retry once a notification of this channel was accepted this long ago; the dispatcher's
 *     {@code herald.dispatcher.max-age} when absent
 * @param fallbacks the route: channels tried in this order when a notification of this one is dead-lettered
 * @param fallbackAfterOpen a circuit open this long also sends notifications on to the first fallback; absent: only a
 *     dead letter does
 */
public record Channel(
        String provider,
        URI endpoint,
        @DefaultValue Map<String, String> credentials,
        Integer maxMessageBytes,
        Integer ratePerMinute,
        Integer maxAttempts,
        Duration maxAge,
        @DefaultValue List<String> fallbacks,
        Duration fallbackAfterOpen) {

    @ConstructorBinding
    public Channel {
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
    }

    /** A channel without a route. */
    public Channel(
            String provider,
            URI endpoint,
            Map<String, String> credentials,
            Integer maxMessageBytes,
            Integer ratePerMinute,
            Integer maxAttempts,
            Duration maxAge) {
        this(provider, endpoint, credentials, maxMessageBytes, ratePerMinute, maxAttempts, maxAge, List.of(), null);
    }

    /** A channel that keeps the dispatcher's retry limits. */
    public Channel(
            String provider,
            URI endpoint,
            Map<String, String> credentials,
            Integer maxMessageBytes,
            Integer ratePerMinute) {
        this(provider, endpoint, credentials, maxMessageBytes, ratePerMinute, null, null);
    }

    public Provider providerType() {
        return Provider.byId(provider).orElseThrow();
    }

    public int effectiveMaxMessageBytes() {
        return maxMessageBytes != null ? maxMessageBytes : providerType().defaultMaxMessageBytes();
    }
}
