package io.herald.dispatcher;

import io.herald.contract.channel.ChannelEntry;
import io.herald.dispatcher.resilience.ChannelGuards.HeldBack;

/** Whether a channel's signed records may be sent now, from its live definition. */
final class ChannelStates {

    private ChannelStates() {}

    /** Null for an active channel; else why its records go back to the signer instead of to the provider. */
    static HeldBack heldBack(ChannelEntry entry) {
        return switch (entry.state()) {
            case ACTIVE -> null;
            case DISABLED ->
                new HeldBack(
                        "channel_disabled",
                        "channel '" + entry.name() + "' is disabled (version " + entry.version()
                                + "): parked until it is enabled");
            case DELETED ->
                new HeldBack(
                        "channel_deleted",
                        "channel '" + entry.name() + "' was deleted (version " + entry.version()
                                + "): sent back to the signer, which refuses it");
        };
    }
}
