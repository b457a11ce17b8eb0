package io.herald.audit.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.Channel;
import io.herald.schema.ChannelDefinition;
import io.herald.schema.ChannelOrdering;
import io.herald.schema.ChannelOrigin;
import io.herald.schema.ChannelState;
import io.herald.schema.OrderingOnDeadLetter;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An ordered channel's settings in a version: the history's changed fields, the topic's record and the API's view. */
class ChannelVersionTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aFirstVersionListsTheOrderingSettingsOnlyWhenSet() {
        ChannelVersion plain = first(channel(null, null, null));
        ChannelVersion ordered = first(channel(Channel.Ordering.STRICT, Channel.OnDeadLetter.STOP, null));

        assertThat(plain.changedFields()).doesNotContain("ordering", "onDeadLetter", "orderResumedAt");
        assertThat(ordered.changedFields()).contains("ordering", "onDeadLetter");
    }

    @Test
    void aResumeChangesOnlyOrderResumedAtAndAChangeOfOrderingIsListed() {
        ChannelVersion ordered = first(channel(Channel.Ordering.STRICT, Channel.OnDeadLetter.STOP, null));

        ChannelVersion resumed =
                next(ordered, ChannelAction.ORDER_RESUMED, OrderingSpelling.resumedAt(ordered.channel(), AT));
        ChannelVersion released = next(resumed, ChannelAction.UPDATED, channel(Channel.Ordering.STRICT, null, AT));
        ChannelVersion unordered = next(released, ChannelAction.UPDATED, channel(null, null, AT));

        assertThat(resumed.changedFields()).containsExactly("orderResumedAt");
        assertThat(released.changedFields()).containsExactly("onDeadLetter");
        assertThat(unordered.changedFields()).containsExactly("ordering");
    }

    @Test
    void theTopicsRecordCarriesTheSettingsWithNullForTheDefaults() {
        ChannelDefinition stop = first(channel(Channel.Ordering.STRICT, Channel.OnDeadLetter.STOP, AT))
                .toAvro();
        ChannelDefinition plain = first(channel(null, null, null)).toAvro();

        assertThat(stop.getOrdering()).isEqualTo(ChannelOrdering.STRICT);
        assertThat(stop.getOnDeadLetter()).isEqualTo(OrderingOnDeadLetter.STOP);
        assertThat(stop.getOrderResumedAt()).isEqualTo(AT);
        assertThat(plain.getOrdering()).isNull();
        assertThat(plain.getOnDeadLetter()).isNull();
        assertThat(plain.getOrderResumedAt()).isNull();
    }

    @Test
    void theViewSpellsThemAsTheApiTakesThem() {
        ChannelView stop = ChannelView.of(first(channel(Channel.Ordering.STRICT, Channel.OnDeadLetter.STOP, AT)));
        ChannelView plain = ChannelView.of(first(channel(null, null, null)));

        assertThat(stop.ordering()).isEqualTo("strict");
        assertThat(stop.onDeadLetter()).isEqualTo("stop");
        assertThat(stop.orderResumedAt()).isEqualTo(AT);
        assertThat(plain.ordering()).isEqualTo("none");
        assertThat(plain.onDeadLetter()).isEqualTo("release");
        assertThat(OrderingSpelling.ordering(stop.ordering())).isEqualTo(Channel.Ordering.STRICT);
        assertThat(OrderingSpelling.onDeadLetter(stop.onDeadLetter())).isEqualTo(Channel.OnDeadLetter.STOP);
    }

    private static ChannelVersion first(Channel channel) {
        return next(null, ChannelAction.CREATED, channel);
    }

    private static ChannelVersion next(ChannelVersion previous, ChannelAction action, Channel channel) {
        return ChannelVersion.after(
                previous, "pager", action, ChannelOrigin.API, null, ChannelState.ACTIVE, channel, Map.of(), "ops", AT);
    }

    private static Channel channel(
            Channel.Ordering ordering, Channel.OnDeadLetter onDeadLetter, Instant orderResumedAt) {
        return new Channel(
                "webhook",
                URI.create("https://hooks.example.com/pager"),
                Map.of(),
                null,
                null,
                null,
                null,
                List.of(),
                null,
                ordering,
                onDeadLetter,
                orderResumedAt);
    }
}
