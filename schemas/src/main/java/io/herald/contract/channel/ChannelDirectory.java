package io.herald.contract.channel;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The channels as a service sees them now: the seed file's ({@link ChannelCatalog}) overridden, name by name, by the
 * compacted topic {@code herald.channels}, which a running service follows so that a created, changed, disabled or
 * deleted channel applies within seconds, without a restart. Look channels up when they are needed (per record), never
 * copy them at start-up.
 */
public interface ChannelDirectory {

    /** The channel of this name unless it is unknown or deleted (a disabled channel is found: its work parks). */
    default Optional<Channel> find(String name) {
        return entry(name).filter(entry -> !entry.deleted()).map(ChannelEntry::channel);
    }

    /** Everything known of this name, deleted channels included; empty when the name was never defined. */
    Optional<ChannelEntry> entry(String name);

    /** Every channel that is not deleted, by name. */
    Map<String, Channel> channels();

    /** Runs {@code listener} after every change this directory applies (on the thread that follows the topic). */
    void onChange(Consumer<ChannelEntry> listener);

    /** A directory that never changes: the seed alone (tests, tools). */
    static ChannelDirectory fixed(ChannelCatalog catalog) {
        return new FixedChannels(catalog);
    }
}
