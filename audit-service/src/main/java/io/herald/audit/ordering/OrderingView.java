package io.herald.audit.ordering;

import io.herald.schema.OrderedNotification;
import io.herald.schema.OrderingState;
import io.herald.schema.OrderingStop;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * One ordered channel as {@code GET /v1/ordering} answers it.
 *
 * @param channel the channel name
 * @param state {@code clear}: nothing waits; {@code waiting}: a notification (the head) waits for its next try and the
 *     others wait behind it; {@code stopped}: a dead letter stopped the channel until an operator resumes it
 * @param head the notification the others wait behind, with its next try and its last; null when nothing waits
 * @param waiting how many notifications of the channel are not through yet, the head included (0 when clear)
 * @param stopped what stopped the channel, or null
 * @param updatedAt when a dispatcher last wrote the state; null for an ordered channel none has written yet
 */
record OrderingView(String channel, String state, Head head, int waiting, Stopped stopped, Instant updatedAt) {

    static final String CLEAR = "clear";
    static final String WAITING = "waiting";
    static final String STOPPED = "stopped";

    /**
     * @param notificationId the head notification
     * @param sequence its place in the channel's order (the order ingest accepted the channel's notifications in)
     * @param dueAt when its next try is due, or null
     * @param last its last try, in words, or null
     */
    record Head(String notificationId, long sequence, Instant dueAt, String last) {}

    /**
     * @param notificationId the dead-lettered notification that stopped the channel
     * @param reason why it was dead-lettered
     * @param at when the channel stopped
     */
    record Stopped(String notificationId, String reason, Instant at) {}

    static OrderingView of(OrderingState s) {
        return of(s, UnaryOperator.identity());
    }

    /** @param shown each notification id as the caller may see it (null: hidden) */
    static OrderingView of(OrderingState s, UnaryOperator<String> shown) {
        OrderedNotification first =
                s.getWaiting().isEmpty() ? null : s.getWaiting().getFirst();
        OrderingStop stop = s.getStopped();
        String state = stop != null ? STOPPED : first == null ? CLEAR : WAITING;
        return new OrderingView(
                s.getChannel(),
                state,
                first == null
                        ? null
                        : new Head(
                                shown.apply(first.getNotificationId()),
                                first.getSequence(),
                                s.getHeadDueAt(),
                                s.getHeadLast()),
                s.getWaiting().size(),
                stop == null
                        ? null
                        : new Stopped(shown.apply(stop.getNotificationId()), stop.getReason(), stop.getAt()),
                s.getUpdatedAt());
    }

    /** An ordered channel no dispatcher has written a state for: nothing ever waited on it. */
    static OrderingView clear(String channel) {
        return new OrderingView(channel, CLEAR, null, 0, null, null);
    }
}
