package io.herald.audit.channels;

import io.herald.contract.provider.Provider;
import io.herald.schema.ChannelState;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Where another feature of the audit service learns what a channel is now: its provider and tenant, when active. */
@Component
public class ChannelDirectory {

    private final ChannelStore store;

    ChannelDirectory(ChannelStore store) {
        this.store = store;
    }

    /** An active channel: its provider and the tenant that owns it (null: shared). */
    public record ChannelRef(String name, Provider provider, String tenant) {}

    /** The channel's provider and tenant unless it is unknown or deleted (a disabled one is found). */
    public Optional<ChannelRef> existing(String name) {
        return store.current(name)
                .filter(version -> !version.deleted())
                .map(version -> new ChannelRef(name, version.channel().providerType(), version.tenant()));
    }

    /** The channel's current version when it is active; empty when unknown, disabled or deleted. */
    public Optional<ChannelRef> active(String name) {
        return store.current(name)
                .filter(version -> version.state() == ChannelState.ACTIVE)
                .map(version -> new ChannelRef(name, version.channel().providerType(), version.tenant()));
    }
}
