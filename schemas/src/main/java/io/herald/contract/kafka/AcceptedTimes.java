package io.herald.contract.kafka;

import io.herald.schema.AcceptedNotification;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.record.TimestampType;

/**
 * A notification's {@code acceptedAt} as its consumers use it: when the broker appended it to {@code herald.accepted}
 * (the topic takes the broker's time, LogAppendTime), not the time ingest's host wrote into it. A host clock a day
 * slow would otherwise make every notification a day old on arrival, and the dispatcher would give up on its first
 * retry ({@code max-age}); one a day fast would keep retries going a day too long. Where a topic keeps the producer's
 * time (CreateTime), ingest's own stamp stays.
 *
 * <p>Its {@code sequence} is its offset in {@code herald.accepted}: keyed by channel, so a channel's notifications are
 * in one partition and their offsets give the order they were accepted in, which an ordered channel keeps. A replay is
 * a new record there, so it takes its place at the end.
 */
public final class AcceptedTimes {

    private AcceptedTimes() {}

    /**
     * The poll's readable notifications, each with the broker's append time as its {@code acceptedAt} and its offset as
     * its {@code sequence}.
     */
    public static List<AcceptedNotification> fromBroker(Poll<AcceptedNotification> poll) {
        return poll.readable().stream()
                .map(item -> {
                    AcceptedNotification notification = item.value();
                    notification.setSequence(item.record().offset());
                    if (item.record().timestampType() == TimestampType.LOG_APPEND_TIME) {
                        notification.setAcceptedAt(
                                Instant.ofEpochMilli(item.record().timestamp()));
                    }
                    return notification;
                })
                .toList();
    }
}
