package io.herald.audit.channels;

import io.herald.contract.channel.Channel;
import io.herald.schema.ChannelDefinition;
import io.herald.schema.ChannelOrdering;
import io.herald.schema.ChannelOrigin;
import io.herald.schema.ChannelState;
import io.herald.schema.OrderingOnDeadLetter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One version of a channel as audit keeps it (a row of {@code audit.channel_version}) and writes it to
 * {@code herald.channels}: the definition, its sealed secrets, who made it, how, and which JSON properties changed.
 *
 * @param secrets credential name to its sealed secrets, oldest first
 */
record ChannelVersion(
        String name,
        long version,
        String tenant,
        ChannelState state,
        ChannelOrigin origin,
        ChannelAction action,
        Channel channel,
        Map<String, List<SealedSecret>> secrets,
        String changedBy,
        Instant changedAt,
        List<String> changedFields) {

    ChannelVersion {
        TreeMap<String, List<SealedSecret>> sorted = new TreeMap<>();
        secrets.forEach((credential, list) -> {
            if (!list.isEmpty()) {
                sorted.put(credential, List.copyOf(list));
            }
        });
        secrets = java.util.Collections.unmodifiableMap(sorted);
        changedFields = List.copyOf(changedFields);
    }

    /** The version after {@code previous} (null: the first of this name), with the fields that differ from it. */
    static ChannelVersion after(
            ChannelVersion previous,
            String name,
            ChannelAction action,
            ChannelOrigin origin,
            String tenant,
            ChannelState state,
            Channel channel,
            Map<String, List<SealedSecret>> secrets,
            String changedBy,
            Instant changedAt) {
        ChannelVersion next = new ChannelVersion(
                name,
                previous == null ? 1 : previous.version + 1,
                tenant,
                state,
                origin,
                action,
                channel,
                secrets,
                changedBy,
                changedAt,
                List.of());
        return new ChannelVersion(
                name,
                next.version,
                tenant,
                state,
                origin,
                action,
                channel,
                next.secrets,
                changedBy,
                changedAt,
                changes(previous, next));
    }

    boolean deleted() {
        return state == ChannelState.DELETED;
    }

    /** The same definition in another state (disable, enable, delete). */
    ChannelVersion inState(
            ChannelState newState, ChannelAction newAction, ChannelOrigin newOrigin, String by, Instant at) {
        return after(this, name, newAction, newOrigin, tenant, newState, channel, secrets, by, at);
    }

    /** The value written to {@code herald.channels}. */
    ChannelDefinition toAvro() {
        Map<String, List<io.herald.schema.ChannelSecret>> sealed = new TreeMap<>();
        secrets.forEach((credential, list) ->
                sealed.put(credential, list.stream().map(SealedSecret::toAvro).toList()));
        return ChannelDefinition.newBuilder()
                .setName(name)
                .setTenant(tenant)
                .setState(state)
                .setProvider(channel.provider())
                .setEndpoint(channel.endpoint().toString())
                .setCredentials(new TreeMap<>(channel.credentials()))
                .setSecrets(sealed)
                .setMaxMessageBytes(channel.maxMessageBytes())
                .setRatePerMinute(channel.ratePerMinute())
                .setMaxAttempts(channel.maxAttempts())
                .setMaxAgeMillis(
                        channel.maxAge() == null ? null : channel.maxAge().toMillis())
                .setFallbacks(channel.fallbacks())
                .setFallbackAfterOpenMillis(
                        channel.fallbackAfterOpen() == null
                                ? null
                                : channel.fallbackAfterOpen().toMillis())
                // null for the defaults (no order, release), as the schema reads them
                .setOrdering(channel.strictOrder() ? ChannelOrdering.STRICT : null)
                .setOnDeadLetter(channel.onDeadLetter() == Channel.OnDeadLetter.STOP ? OrderingOnDeadLetter.STOP : null)
                .setOrderResumedAt(channel.orderResumedAt())
                .setOrigin(origin)
                .setVersion(version)
                .setChangedBy(changedBy)
                .setChangedAt(changedAt)
                .build();
    }

    /** The JSON properties (as the API spells them) whose value differs between two versions; every set one for v1. */
    static List<String> changes(ChannelVersion before, ChannelVersion after) {
        List<String> changed = new ArrayList<>();
        Channel was = before == null ? null : before.channel;
        Channel is = after.channel;
        if (before == null || !Objects.equals(before.tenant, after.tenant)) {
            if (before != null || after.tenant != null) {
                changed.add("tenant");
            }
        }
        if (before == null || before.state != after.state) {
            changed.add("state");
        }
        compare(changed, "provider", was == null ? null : was.provider(), is.provider(), before == null);
        compare(changed, "endpoint", was == null ? null : was.endpoint(), is.endpoint(), before == null);
        keys(changed, "credentials", was == null ? Map.of() : was.credentials(), is.credentials());
        keys(changed, "secrets", before == null ? Map.of() : before.secrets, after.secrets);
        compare(changed, "maxMessageBytes", was == null ? null : was.maxMessageBytes(), is.maxMessageBytes(), false);
        compare(changed, "ratePerMinute", was == null ? null : was.ratePerMinute(), is.ratePerMinute(), false);
        compare(changed, "maxAttempts", was == null ? null : was.maxAttempts(), is.maxAttempts(), false);
        compare(changed, "maxAge", was == null ? null : was.maxAge(), is.maxAge(), false);
        compare(changed, "fallbacks", was == null ? List.of() : was.fallbacks(), is.fallbacks(), false);
        compare(
                changed,
                "fallbackAfterOpen",
                was == null ? null : was.fallbackAfterOpen(),
                is.fallbackAfterOpen(),
                false);
        // a first version lists them only when they differ from the defaults, as it does the properties set
        compare(changed, "ordering", was == null ? Channel.Ordering.NONE : was.ordering(), is.ordering(), false);
        compare(
                changed,
                "onDeadLetter",
                was == null ? Channel.OnDeadLetter.RELEASE : was.onDeadLetter(),
                is.onDeadLetter(),
                false);
        compare(changed, "orderResumedAt", was == null ? null : was.orderResumedAt(), is.orderResumedAt(), false);
        return changed;
    }

    private static void compare(List<String> changed, String property, Object was, Object is, boolean always) {
        if (always || !Objects.equals(was, is)) {
            changed.add(property);
        }
    }

    /** One entry per key added, removed or changed: {@code credentials.secret}. */
    private static void keys(List<String> changed, String property, Map<String, ?> was, Map<String, ?> is) {
        TreeSet<String> keys = new TreeSet<>(was.keySet());
        keys.addAll(is.keySet());
        for (String key : keys) {
            if (!Objects.equals(was.get(key), is.get(key))) {
                changed.add(property + "." + key);
            }
        }
    }
}
