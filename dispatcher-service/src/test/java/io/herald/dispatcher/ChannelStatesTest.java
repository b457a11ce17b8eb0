package io.herald.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelEntry;
import io.herald.schema.ChannelState;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelStatesTest {

    private static ChannelEntry entry(ChannelState state) {
        return new ChannelEntry(
                "ops",
                null,
                state,
                new Channel("webhook", URI.create("https://hooks.example.com/in"), Map.of(), null, null),
                Map.of(),
                7);
    }

    @Test
    void anActiveChannelIsSentDisabledAndDeletedOnesGoBackToTheSigner() {
        assertThat(ChannelStates.heldBack(entry(ChannelState.ACTIVE))).isNull();
        assertThat(ChannelStates.heldBack(entry(ChannelState.DISABLED))).satisfies(held -> {
            assertThat(held.cause()).isEqualTo("channel_disabled");
            assertThat(held.reason()).isEqualTo("channel 'ops' is disabled (version 7): parked until it is enabled");
        });
        assertThat(ChannelStates.heldBack(entry(ChannelState.DELETED)).cause()).isEqualTo("channel_deleted");
    }
}
