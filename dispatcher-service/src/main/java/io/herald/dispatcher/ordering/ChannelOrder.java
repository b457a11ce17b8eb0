package io.herald.dispatcher.ordering;

import io.herald.schema.OrderedNotification;
import io.herald.schema.OrderingState;
import io.herald.schema.OrderingStop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where one ordered channel stands: the notifications not through yet, by sequence (the first is the head, the one the
 * others wait behind), and whether a dead letter stopped it. Only the sequence decides: a notification goes when no
 * lower one is waiting, so it holds whatever order the retry path brings them back in. Not thread-safe: a channel is
 * delivered by one lane at a time.
 */
final class ChannelOrder {

    /** A notification not through yet; {@code dueAt}: when it is back for its next try, null when not known. */
    private record Waiting(String notificationId, Instant dueAt) {}

    private final String channel;
    private final String provider;
    private final TreeMap<Long, Waiting> waiting = new TreeMap<>();
    private String headLast;
    private OrderingStop stopped;
    private boolean resumed;

    ChannelOrder(String channel, String provider) {
        this.channel = channel;
        this.provider = provider;
    }

    /** As written last by whichever dispatcher owned the channel; only the head's due time is kept there. */
    static ChannelOrder of(OrderingState state) {
        ChannelOrder order = new ChannelOrder(state.getChannel(), state.getProvider());
        boolean head = true;
        for (OrderedNotification entry : state.getWaiting()) {
            order.waiting.put(
                    entry.getSequence(), new Waiting(entry.getNotificationId(), head ? state.getHeadDueAt() : null));
            head = false;
        }
        order.headLast = state.getHeadLast();
        order.stopped = state.getStopped();
        return order;
    }

    String provider() {
        return provider;
    }

    int waitingCount() {
        return waiting.size();
    }

    /** May the notification with this sequence be tried now? */
    Turn turn(long sequence, Instant resumedAt, OrderingRules rules, Instant now) {
        if (stopped != null) {
            if (resumedAt == null || !resumedAt.isAfter(stopped.getAt())) {
                return new Turn.Wait(
                        Turn.Why.STOPPED,
                        stopped.getNotificationId(),
                        rules.stoppedRecheck(),
                        "channel " + channel + " keeps its order and is stopped: notification "
                                + stopped.getNotificationId() + " was dead-lettered (" + stopped.getReason()
                                + "); the rest wait until an operator resumes it (herald channel resume " + channel
                                + ")");
            }
            stopped = null;
            resumed = true;
        }
        Map.Entry<Long, Waiting> head = waiting.firstEntry();
        if (head == null || sequence <= head.getKey()) {
            return new Turn.Go();
        }
        String behind = head.getValue().notificationId();
        if (!waiting.containsKey(sequence) && waiting.size() >= rules.maxWaiting()) {
            return new Turn.Full("channel " + channel + " keeps its order and already has " + waiting.size()
                    + " notifications waiting behind " + behind + " (herald.dispatcher.ordering.max-waiting)");
        }
        // back just after the head's next try: by then the head is through, or it has a new due time to wait for
        Instant headBack = head.getValue().dueAt();
        Instant until = (headBack != null && headBack.isAfter(now) ? headBack : now).plus(rules.releaseGap());
        return new Turn.Wait(
                Turn.Why.BEHIND,
                behind,
                Duration.between(now, until),
                "waiting behind notification " + behind + ": channel " + channel + " delivers in order");
    }

    /**
     * Takes in what came of a try of the notification with this sequence.
     *
     * @param dueAt when it is back, for {@link Settled#AGAIN}
     * @param last its try in words, kept when it is the head
     * @param stopOnDeadLetter a dead letter of the head stops the channel
     * @return true when the channel's state changed (it must be written)
     */
    boolean settle(
            long sequence,
            String notificationId,
            Settled settled,
            Instant dueAt,
            String last,
            boolean stopOnDeadLetter,
            Instant now) {
        boolean changed = resumed;
        resumed = false;
        Long head = waiting.isEmpty() ? null : waiting.firstKey();
        switch (settled) {
            case THROUGH -> changed |= waiting.remove(sequence) != null;
            case DEAD -> {
                changed |= waiting.remove(sequence) != null;
                boolean wasHead = head == null || sequence <= head;
                if (stopOnDeadLetter && wasHead && stopped == null) {
                    stopped = OrderingStop.newBuilder()
                            .setNotificationId(notificationId)
                            .setReason(last == null ? "dead-lettered" : last)
                            .setAt(now)
                            .build();
                    changed = true;
                }
            }
            case AGAIN -> {
                Waiting before = waiting.put(sequence, new Waiting(notificationId, dueAt));
                boolean isHead = waiting.firstKey() == sequence;
                if (isHead && last != null) {
                    headLast = last;
                }
                changed |= before == null || isHead;
            }
        }
        Long newHead = waiting.isEmpty() ? null : waiting.firstKey();
        if (!Objects.equals(newHead, head) && settled != Settled.AGAIN) {
            headLast = null; // a new head: its last try was a wait
        }
        return changed;
    }

    OrderingState state(String dispatcher, Instant now) {
        List<OrderedNotification> entries = new ArrayList<>(waiting.size());
        waiting.forEach((sequence, entry) -> entries.add(OrderedNotification.newBuilder()
                .setSequence(sequence)
                .setNotificationId(entry.notificationId())
                .build()));
        return OrderingState.newBuilder()
                .setChannel(channel)
                .setProvider(provider)
                .setWaiting(entries)
                .setHeadDueAt(
                        waiting.isEmpty()
                                ? null
                                : waiting.firstEntry().getValue().dueAt())
                .setHeadLast(waiting.isEmpty() ? null : headLast)
                .setStopped(stopped)
                .setUpdatedAt(now)
                .setDispatcher(dispatcher)
                .build();
    }
}
