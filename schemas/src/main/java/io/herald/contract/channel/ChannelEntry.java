package io.herald.contract.channel;

import io.herald.schema.ChannelSecret;
import io.herald.schema.ChannelState;
import java.util.List;
import java.util.Map;

/**
 * What a service knows of one channel name: its definition, state and version, and the secrets submitted for it
 * through the channel API (sealed: only the signer opens them).
 *
 * @param name the channel name
 * @param tenant the owning tenant; null when shared by every tenant (the seed's channels)
 * @param state active, disabled (notifications park) or deleted (in-flight ones are dead-lettered)
 * @param channel provider, endpoint, credential references and limits; kept for a deleted channel
 * @param secrets credential name to its sealed secrets, oldest first
 * @param version 0 for a channel only the seed file knows so far, else its version on {@code herald.channels}
 */
public record ChannelEntry(
        String name,
        String tenant,
        ChannelState state,
        Channel channel,
        Map<String, List<ChannelSecret>> secrets,
        long version) {

    public ChannelEntry {
        secrets = Map.copyOf(secrets);
    }

    /** A channel of the seed file that {@code herald.channels} does not know yet. */
    public static ChannelEntry seeded(String name, Channel channel) {
        return new ChannelEntry(name, null, ChannelState.ACTIVE, channel, Map.of(), 0);
    }

    public boolean deleted() {
        return state == ChannelState.DELETED;
    }

    public boolean disabled() {
        return state == ChannelState.DISABLED;
    }
}
