package io.herald.audit.channels;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A channel as the API answers it (and as the history stores each version's definition): submitted secrets appear as
 * their ids, who added them and when, never as values or sealed bytes.
 */
@Schema(name = "Channel")
record ChannelView(
        String name,

        @Schema(description = "The owning tenant; null: shared by every tenant")
        String tenant,

        @Schema(allowableValues = {"ACTIVE", "DISABLED", "DELETED"})
        String state,

        String provider,
        String endpoint,

        @Schema(description = "Credential name to a reference: env:VARIABLE or file:/path")
        Map<String, String> credentials,

        @Schema(description = "Credential name to the secrets submitted for it, oldest first (never their values)")
        Map<String, List<SecretView>> secrets,

        Integer maxMessageBytes,
        Integer ratePerMinute,
        Integer maxAttempts,

        @Schema(description = "ISO-8601 duration, e.g. PT30M", example = "PT30M")
        String maxAge,

        @Schema(
                description =
                        "The route: channels tried in this order when a notification of this one is dead-lettered")
        List<String> fallbacks,

        @Schema(description = "ISO-8601 duration: a circuit open this long also falls back", example = "PT5M")
        String fallbackAfterOpen,

        @Schema(
                description = "strict: delivered in the order accepted, later ones waiting behind one that waits for"
                        + " a retry; none: no order kept across retries",
                allowableValues = {"strict", "none"})
        String ordering,

        @Schema(
                description = "Of an ordered channel, when the notification the others wait behind is dead-lettered:"
                        + " release lets the next go, stop holds the rest until an operator resumes the channel",
                allowableValues = {"release", "stop"})
        String onDeadLetter,

        @Schema(description = "When an operator last resumed the channel's order: a stop made before it is over")
        Instant orderResumedAt,

        @Schema(allowableValues = {"SEED", "API"}) String origin,
        long version,
        String changedBy,
        Instant changedAt) {

    /** A secret of a credential, without its value. */
    record SecretView(String id, String addedBy, Instant addedAt) {}

    static ChannelView of(ChannelVersion version) {
        Map<String, List<SecretView>> secrets = new LinkedHashMap<>();
        version.secrets()
                .forEach((credential, list) -> secrets.put(
                        credential,
                        list.stream()
                                .map(s -> new SecretView(s.id(), s.addedBy(), s.addedAt()))
                                .toList()));
        var channel = version.channel();
        return new ChannelView(
                version.name(),
                version.tenant(),
                version.state().name(),
                channel.provider(),
                channel.endpoint().toString(),
                new TreeMap<>(channel.credentials()),
                secrets,
                channel.maxMessageBytes(),
                channel.ratePerMinute(),
                channel.maxAttempts(),
                channel.maxAge() == null ? null : channel.maxAge().toString(),
                channel.fallbacks(),
                channel.fallbackAfterOpen() == null
                        ? null
                        : channel.fallbackAfterOpen().toString(),
                OrderingSpelling.spell(channel.ordering()),
                OrderingSpelling.spell(channel.onDeadLetter()),
                channel.orderResumedAt(),
                version.origin().name(),
                version.version(),
                version.changedBy(),
                version.changedAt());
    }
}
