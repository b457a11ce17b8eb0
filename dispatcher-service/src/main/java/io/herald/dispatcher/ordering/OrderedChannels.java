package io.herald.dispatcher.ordering;

import io.herald.contract.channel.Channel;
import io.herald.contract.provider.Provider;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.OrderingState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ordered channels ({@code ordering: strict}) in order. A notification's {@code sequence} (its offset in
 * {@code herald.accepted}) places it in its channel: it is tried only when no earlier one of the channel is waiting;
 * otherwise it waits on the retry path behind the head, and comes back just after the head's next try
 * ({@link ChannelOrder}). Where each channel stands is written to {@code herald.ordering} with the outcome of the try
 * that changed it (before the offset is committed) and read back when a dispatcher is given a channel's partition, so
 * a crash or a rebalance keeps the order. Notifications that came to a channel along a route (a fallback) are not
 * ordered there.
 */
public class OrderedChannels {

    private static final Logger log = LoggerFactory.getLogger(OrderedChannels.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Function<String, Optional<Channel>> channels;
    private final OrderingRules rules;
    private final String dispatcherId;
    private final OrderingLog orderingLog;
    private final MeterRegistry meters;
    private final Map<String, ChannelOrder> orders = new ConcurrentHashMap<>();
    private final Map<Provider, Assigned> toRead = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    /**
     * Partitions of a provider's signed topic given to this instance, whose channels' states are to be read;
     * {@code partitionCount} 0 when it was not known: then every channel of the provider is read.
     */
    private record Assigned(Set<Integer> partitions, int partitionCount) {

        boolean holds(String channel) {
            return partitionCount <= 0 || partitions.contains(partitionOf(channel, partitionCount));
        }
    }

    public OrderedChannels(
            Function<String, Optional<Channel>> channels,
            OrderingRules rules,
            String dispatcherId,
            OrderingLog orderingLog,
            MeterRegistry meters) {
        this.channels = channels;
        this.rules = rules;
        this.dispatcherId = dispatcherId;
        this.orderingLog = orderingLog;
        this.meters = meters;
    }

    /** Keeps no channel in order (every channel as if {@code ordering: none}). */
    public static OrderedChannels none(MeterRegistry meters) {
        return new OrderedChannels(name -> Optional.empty(), OrderingRules.DEFAULT, "none", null, meters);
    }

    /**
     * The provider's signed topic gave this instance these partitions (of {@code partitionCount}, 0 when not known):
     * their channels' states are read from {@code herald.ordering} before its next poll is delivered ({@link #beforePoll}).
     */
    public void assigned(Provider provider, Collection<Integer> partitions, int partitionCount) {
        if (orderingLog == null || partitions.isEmpty()) {
            return;
        }
        toRead.merge(provider, new Assigned(Set.copyOf(partitions), partitionCount), (a, b) -> {
            Set<Integer> all = new HashSet<>(a.partitions());
            all.addAll(b.partitions());
            return new Assigned(Set.copyOf(all), Math.min(a.partitionCount(), b.partitionCount()));
        });
    }

    /**
     * Reads the states of newly given channels, before any lane of the poll runs (so no try is half-way). When that
     * fails their ordered notifications wait ({@link Turn.Why#UNKNOWN}) and it is tried again at the next poll.
     */
    public void beforePoll(Provider provider) {
        Assigned assigned = toRead.get(provider);
        if (assigned == null) {
            return;
        }
        Map<String, OrderingState> states;
        try {
            states = orderingLog.readAll(READ_TIMEOUT);
        } catch (IllegalStateException e) {
            log.warn("Ordered channels of {} wait until their order is known: {}", provider.id(), e.getMessage());
            return;
        }
        orders.entrySet()
                .removeIf(entry -> entry.getValue().provider().equals(provider.id()) && assigned.holds(entry.getKey()));
        states.forEach((channel, state) -> {
            if (state.getProvider().equals(provider.id()) && assigned.holds(channel)) {
                orders.put(channel, ChannelOrder.of(state));
            }
        });
        toRead.remove(provider, assigned);
    }

    /** May this notification be tried now? Always, on a channel that keeps no order. */
    public Turn turn(Provider provider, AcceptedNotification notification, Instant now) {
        Channel channel = ordered(notification);
        if (channel == null) {
            return new Turn.Go();
        }
        Turn turn;
        if (toRead.containsKey(provider)) {
            turn = new Turn.Wait(
                    Turn.Why.UNKNOWN,
                    null,
                    rules.stoppedRecheck(),
                    "channel " + notification.getChannel()
                            + " keeps its order, and where it stands (herald.ordering) could not be read yet");
        } else {
            turn = order(provider, notification.getChannel())
                    .turn(notification.getSequence(), channel.orderResumedAt(), rules, now);
        }
        if (turn instanceof Turn.Wait wait) {
            waits(provider, notification.getChannel(), wait.why()).increment();
        }
        return turn;
    }

    /**
     * Takes in what came of a try.
     *
     * @param dueAt when it is back, for {@link Settled#AGAIN}
     * @param last the try (or the dead letter's reason) in words
     * @return the channel's new state, to be written with the try's outcome; empty when it did not change
     */
    public Optional<OrderingState> settle(
            Provider provider,
            AcceptedNotification notification,
            Settled settled,
            Instant dueAt,
            String last,
            Instant now) {
        Channel channel = ordered(notification);
        if (channel == null || toRead.containsKey(provider)) {
            return Optional.empty(); // not known yet: writing now would overwrite what is known
        }
        ChannelOrder order = order(provider, notification.getChannel());
        boolean changed = order.settle(
                notification.getSequence(),
                notification.getNotificationId(),
                settled,
                dueAt,
                last,
                channel.onDeadLetter() == Channel.OnDeadLetter.STOP,
                now);
        return changed ? Optional.of(order.state(dispatcherId, now)) : Optional.empty();
    }

    /** The channel, when it keeps its order and this notification is placed in it (not come along a route). */
    private Channel ordered(AcceptedNotification notification) {
        if (notification.getSequence() == null
                || notification.getRoute() != null
                        && !notification.getRoute().getHops().isEmpty()) {
            return null;
        }
        return channels.apply(notification.getChannel())
                .filter(Channel::strictOrder)
                .orElse(null);
    }

    private ChannelOrder order(Provider provider, String channel) {
        if (gauged.add(channel)) {
            Gauge.builder("herald.dispatcher.ordering.waiting", orders, all -> {
                        ChannelOrder order = all.get(channel);
                        return order == null ? 0 : order.waitingCount();
                    })
                    .description("Notifications of an ordered channel not through yet (the head and those behind it)")
                    .tag("channel", channel)
                    .register(meters);
        }
        return orders.computeIfAbsent(channel, name -> new ChannelOrder(name, provider.id()));
    }

    private Counter waits(Provider provider, String channel, Turn.Why why) {
        return Counter.builder("herald.dispatcher.ordering.waits")
                .description("Tries of an ordered channel's notifications not made because they wait their turn")
                .tag("provider", provider.id())
                .tag("channel", channel)
                .tag("why", why.name().toLowerCase(java.util.Locale.ROOT))
                .register(meters);
    }

    /** The partition Kafka's default partitioner gives a channel's records (keyed by channel name). */
    static int partitionOf(String channel, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(channel.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }
}
