package io.herald.contract.channel;

import io.herald.contract.provider.Provider;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
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
 * @param ordering {@code strict}: delivered in the order accepted, later ones waiting behind one that waits for a
 *     retry; absent: {@code none}
 * @param onDeadLetter of an ordered channel, when the notification the others wait behind is dead-lettered:
 *     {@code release} (absent too) lets the next go, {@code stop} holds the rest until an operator resumes the channel
 * @param orderResumedAt when an operator last resumed the channel's order: a stop made before it is over
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
        Duration fallbackAfterOpen,
        Ordering ordering,
        OnDeadLetter onDeadLetter,
        Instant orderResumedAt) {

    /** Whether a channel keeps its notifications in order across retries. */
    public enum Ordering {
        NONE,
        STRICT
    }

    /** What a dead letter of the notification an ordered channel's others wait behind does. */
    public enum OnDeadLetter {
        RELEASE,
        STOP
    }

    @ConstructorBinding
    public Channel {
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        ordering = ordering == null ? Ordering.NONE : ordering;
        onDeadLetter = onDeadLetter == null ? OnDeadLetter.RELEASE : onDeadLetter;
    }

    /** A channel that keeps no order across retries. */
    public Channel(
            String provider,
            URI endpoint,
            Map<String, String> credentials,
            Integer maxMessageBytes,
            Integer ratePerMinute,
            Integer maxAttempts,
            Duration maxAge,
            List<String> fallbacks,
            Duration fallbackAfterOpen) {
        this(
                provider,
                endpoint,
                credentials,
                maxMessageBytes,
                ratePerMinute,
                maxAttempts,
                maxAge,
                fallbacks,
                fallbackAfterOpen,
                null,
                null,
                null);
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

    /** Delivered in the order accepted ({@code ordering: strict}). */
    public boolean strictOrder() {
        return ordering == Ordering.STRICT;
    }

    public int effectiveMaxMessageBytes() {
        return maxMessageBytes != null ? maxMessageBytes : providerType().defaultMaxMessageBytes();
    }
}
