package io.herald.dispatcher.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.Channel;
import io.herald.contract.provider.Provider;
import io.herald.dispatcher.Fixtures;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.RouteHop;
import io.herald.schema.RouteLineage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

/** Which notifications are kept in order, and where a channel's records are. */
class OrderedChannelsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Provider DINGTALK = Provider.of("dingtalk");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Channel.Ordering ordering = Channel.Ordering.STRICT;
    private final OrderedChannels channels = channels(null);

    private OrderedChannels channels(OrderingLog log) {
        return new OrderedChannels(
                name -> Optional.of(new Channel(
                        "dingtalk",
                        URI.create("https://oapi.dingtalk.com/robot/send"),
                        Map.of(),
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        null,
                        ordering,
                        null,
                        null)),
                OrderingRules.DEFAULT,
                "d-1",
                log,
                meters);
    }

    private AcceptedNotification notification(String id, Long sequence) {
        AcceptedNotification notification = Fixtures.notification(NOW);
        notification.setNotificationId(id);
        notification.setSequence(sequence);
        return notification;
    }

    private void headWaitsForARetry() {
        assertThat(channels.turn(DINGTALK, notification("n-1", 1L), NOW)).isInstanceOf(Turn.Go.class);
        assertThat(channels.settle(DINGTALK, notification("n-1", 1L), Settled.AGAIN, NOW.plusSeconds(10), "503", NOW))
                .isPresent();
    }

    @Test
    void anOrderedChannelsNotificationsWaitBehindTheHeadAndTheWaitIsCounted() {
        headWaitsForARetry();

        assertThat(channels.turn(DINGTALK, notification("n-2", 2L), NOW)).isInstanceOf(Turn.Wait.class);
        assertThat(meters.get("herald.dispatcher.ordering.waits")
                        .tag("channel", Fixtures.CHANNEL)
                        .tag("why", "behind")
                        .counter()
                        .count())
                .isEqualTo(1);
        channels.settle(DINGTALK, notification("n-2", 2L), Settled.AGAIN, NOW.plusSeconds(11), null, NOW);
        assertThat(meters.get("herald.dispatcher.ordering.waiting")
                        .tag("channel", Fixtures.CHANNEL)
                        .gauge()
                        .value())
                .isEqualTo(2);
    }

    @Test
    void aChannelThatKeepsNoOrderLetsEverythingGoAndWritesNothing() {
        ordering = Channel.Ordering.NONE;
        headWaitsForARetryWithoutOrder();
    }

    private void headWaitsForARetryWithoutOrder() {
        assertThat(channels.turn(DINGTALK, notification("n-1", 1L), NOW)).isInstanceOf(Turn.Go.class);
        assertThat(channels.settle(DINGTALK, notification("n-1", 1L), Settled.AGAIN, NOW, "503", NOW))
                .isEmpty();
        assertThat(channels.turn(DINGTALK, notification("n-2", 2L), NOW)).isInstanceOf(Turn.Go.class);
    }

    @Test
    void aNotificationWithoutAPlaceOrComeAlongARouteIsNotHeldUp() {
        headWaitsForARetry();

        assertThat(channels.turn(DINGTALK, notification("old", null), NOW))
                .as("signed before sequences were stamped")
                .isInstanceOf(Turn.Go.class);
        AcceptedNotification fallback = notification("routed", 5L);
        fallback.setRoute(RouteLineage.newBuilder()
                .setPrimaryChannel("primary")
                .setHops(List.of(RouteHop.newBuilder()
                        .setFromChannel("primary")
                        .setToChannel(Fixtures.CHANNEL)
                        .setReason("PERMANENT")
                        .setAt(NOW)
                        .build()))
                .build());
        assertThat(channels.turn(DINGTALK, fallback, NOW)).isInstanceOf(Turn.Go.class);
    }

    @Test
    void untilWhereItStandsIsReadItsNotificationsWaitAndNothingIsWritten() {
        OrderedChannels channels = channels(new OrderingLog("herald.ordering", () -> {
            throw new KafkaException("no broker");
        }));
        channels.assigned(DINGTALK, List.of(0), 6);
        channels.beforePoll(DINGTALK);

        assertThat(channels.turn(DINGTALK, notification("n-1", 1L), NOW))
                .isInstanceOfSatisfying(
                        Turn.Wait.class, wait -> assertThat(wait.why()).isEqualTo(Turn.Why.UNKNOWN));
        assertThat(channels.settle(DINGTALK, notification("n-1", 1L), Settled.AGAIN, NOW, null, NOW))
                .isEmpty();
    }

    @Test
    void aChannelsPartitionIsTheOneKafkasPartitionerGivesItsKey() {
        for (String channel : List.of("ops", "demo-dingtalk", "robot-7", "ordered-webhook", "渠道")) {
            for (int partitions : List.of(1, 3, 6, 12)) {
                assertThat(OrderedChannels.partitionOf(channel, partitions))
                        .as(channel + " of " + partitions)
                        .isEqualTo(BuiltInPartitioner.partitionForKey(
                                channel.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }
}
