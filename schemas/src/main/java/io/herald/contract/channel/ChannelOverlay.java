package io.herald.contract.channel;

import io.herald.schema.ChannelState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The seed file's channels overridden, name by name, by what {@code herald.channels} said last: one writer (the
 * thread that follows the topic), any number of readers.
 */
final class ChannelOverlay {

    private final Map<String, ChannelEntry> entries = new ConcurrentHashMap<>();

    ChannelOverlay(ChannelCatalog seed) {
        seed.channels().forEach((name, channel) -> entries.put(name, ChannelEntry.seeded(name, channel)));
    }

    Optional<ChannelEntry> entry(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(entries.get(name));
    }

    /** Every channel that is not deleted. */
    Map<String, Channel> channels() {
        return entries.values().stream()
                .filter(entry -> !entry.deleted())
                .collect(Collectors.toUnmodifiableMap(ChannelEntry::name, ChannelEntry::channel));
    }

    /** Replaces what is known of the entry's name; answers the entry. */
    ChannelEntry apply(ChannelEntry entry) {
        entries.put(entry.name(), entry);
        return entry;
    }

    /**
     * A tombstone: the name is deleted, keeping its last definition (so in-flight work still knows its provider).
     * Empty when the name was never known.
     */
    Optional<ChannelEntry> delete(String name) {
        ChannelEntry known = entries.get(name);
        if (known == null) {
            return Optional.empty();
        }
        return Optional.of(apply(new ChannelEntry(
                name, known.tenant(), ChannelState.DELETED, known.channel(), Map.of(), known.version())));
    }

    long count(ChannelState state) {
        return entries.values().stream().filter(e -> e.state() == state).count();
    }
}
