package io.herald.audit.ordering;

import io.herald.schema.OrderedNotification;
import io.herald.schema.OrderingState;
import io.herald.schema.OrderingStop;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ApplicationContext;

/** Ordering states for tests: built, and handed to a running audit's states as if read from herald.ordering. */
public final class OrderingStatesFixture {

    private OrderingStatesFixture() {}

    /** A state of {@code channel} whose head is the first of {@code waiting} (ids), sequences from 7 on. */
    public static OrderingState.Builder state(String channel, Instant updatedAt, String... waiting) {
        List<OrderedNotification> list = new java.util.ArrayList<>();
        for (int i = 0; i < waiting.length; i++) {
            list.add(new OrderedNotification(7L + i, waiting[i]));
        }
        return OrderingState.newBuilder()
                .setChannel(channel)
                .setProvider("dingtalk")
                .setWaiting(list)
                .setUpdatedAt(updatedAt)
                .setDispatcher("dispatcher-1");
    }

    public static OrderingStop stop(String notificationId, String reason, Instant at) {
        return new OrderingStop(notificationId, reason, at);
    }

    /** Applies {@code state} to the running audit's ordering states, as if it was read from herald.ordering. */
    public static void write(ApplicationContext context, OrderingState state) {
        context.getBean(OrderingStates.class)
                .apply(new ConsumerRecord<>("herald.ordering", 0, 0L, state.getChannel(), state));
    }
}
