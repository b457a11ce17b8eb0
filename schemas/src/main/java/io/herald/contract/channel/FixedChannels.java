package io.herald.contract.channel;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The seed file's channels alone, never changing. */
record FixedChannels(ChannelCatalog catalog) implements ChannelDirectory {

    @Override
    public Optional<ChannelEntry> entry(String name) {
        return catalog.find(name).map(channel -> ChannelEntry.seeded(name, channel));
    }

    @Override
    public Map<String, Channel> channels() {
        return catalog.channels();
    }

    @Override
    public void onChange(Consumer<ChannelEntry> listener) {
        // nothing ever changes
    }
}
