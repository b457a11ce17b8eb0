package io.herald.audit.channels;

import io.herald.contract.channel.Channel;
import java.time.Instant;
import java.util.Locale;

/**
 * How the channel API spells an ordered channel's settings ({@code "ordering": "strict"|"none"},
 * {@code "onDeadLetter": "release"|"stop"}), read back from the stored view, and the copy of a channel that a resume or
 * a change keeps {@code orderResumedAt} on: no request carries it, only {@code POST .../ordering/resume} sets it.
 */
final class OrderingSpelling {

    static final String ORDERINGS = "strict, none";
    static final String ON_DEAD_LETTERS = "release, stop";

    private OrderingSpelling() {}

    static String spell(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The ordering a (case-insensitive) API value names; null when it names none. */
    static Channel.Ordering ordering(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "strict" -> Channel.Ordering.STRICT;
            case "none" -> Channel.Ordering.NONE;
            default -> null;
        };
    }

    /** The dead-letter behaviour a (case-insensitive) API value names; null when it names none. */
    static Channel.OnDeadLetter onDeadLetter(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "release" -> Channel.OnDeadLetter.RELEASE;
            case "stop" -> Channel.OnDeadLetter.STOP;
            default -> null;
        };
    }

    /** {@code channel} with {@code orderResumedAt} as given, everything else as it is. */
    static Channel resumedAt(Channel channel, Instant orderResumedAt) {
        return new Channel(
                channel.provider(),
                channel.endpoint(),
                channel.credentials(),
                channel.maxMessageBytes(),
                channel.ratePerMinute(),
                channel.maxAttempts(),
                channel.maxAge(),
                channel.fallbacks(),
                channel.fallbackAfterOpen(),
                channel.ordering(),
                channel.onDeadLetter(),
                orderResumedAt);
    }
}
