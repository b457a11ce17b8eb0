package io.herald.signer;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.channel.ChannelEntry;
import io.herald.schema.ChannelSecret;
import io.herald.schema.ChannelState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** A {@link ChannelDirectory} a test changes, as {@code herald.channels} would: one version after another. */
public final class ChangingChannels implements ChannelDirectory {

    private final Map<String, ChannelEntry> entries = new ConcurrentHashMap<>();
    private final List<Consumer<ChannelEntry>> listeners = new CopyOnWriteArrayList<>();

    /** Puts {@code name} at {@code version} in {@code state}, with these sealed secrets, and tells the listeners. */
    public ChangingChannels put(
            String name, long version, ChannelState state, Channel channel, Map<String, List<ChannelSecret>> secrets) {
        ChannelEntry entry = new ChannelEntry(name, null, state, channel, secrets, version);
        entries.put(name, entry);
        listeners.forEach(listener -> listener.accept(entry));
        return this;
    }

    public ChangingChannels put(String name, long version, ChannelState state, Channel channel) {
        return put(name, version, state, channel, Map.of());
    }

    @Override
    public Optional<ChannelEntry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    @Override
    public Map<String, Channel> channels() {
        return entries.values().stream()
                .filter(entry -> !entry.deleted())
                .collect(Collectors.toMap(ChannelEntry::name, ChannelEntry::channel));
    }

    @Override
    public void onChange(Consumer<ChannelEntry> listener) {
        listeners.add(listener);
    }
}
