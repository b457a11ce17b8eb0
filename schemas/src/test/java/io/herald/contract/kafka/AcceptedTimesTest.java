package io.herald.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.Source;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class AcceptedTimesTest {

    private static final Instant INGEST_HOST_DAY_SLOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final Instant BROKER = Instant.parse("2026-12-06T10:00:00.123Z");

    @org.junit.jupiter.api.BeforeAll
    static void trustSchemas() {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
    }

    @Test
    void aTopicWithTheBrokersTimeGivesTheBrokersAppendTime() {
        Poll<AcceptedNotification> poll = pollOf(TimestampType.LOG_APPEND_TIME);

        assertThat(AcceptedTimes.fromBroker(poll))
                .singleElement()
                .extracting(AcceptedNotification::getAcceptedAt)
                .isEqualTo(BROKER);
    }

    @Test
    void aTopicWithTheProducersTimeKeepsIngestsStamp() {
        Poll<AcceptedNotification> poll = pollOf(TimestampType.CREATE_TIME);

        assertThat(AcceptedTimes.fromBroker(poll))
                .singleElement()
                .extracting(AcceptedNotification::getAcceptedAt)
                .isEqualTo(INGEST_HOST_DAY_SLOW);
    }

    @Test
    void itsPlaceInItsChannelsOrderIsItsOffsetInTheAcceptedTopic() {
        Poll<AcceptedNotification> poll = pollOf(TimestampType.LOG_APPEND_TIME);
        poll.readable().getFirst().value().setSequence(3L); // a replay carries its original's; the new offset wins

        assertThat(AcceptedTimes.fromBroker(poll))
                .singleElement()
                .extracting(AcceptedNotification::getSequence)
                .isEqualTo(7L);
    }

    private static Poll<AcceptedNotification> pollOf(TimestampType type) {
        AcceptedNotification notification = AcceptedNotification.newBuilder()
                .setNotificationId("n-1")
                .setChannel("robot")
                .setProvider("dingtalk")
                .setContent(ChatMessage.newBuilder().setText("hi").build())
                .setSource(Source.HTTP)
                .setAcceptedAt(INGEST_HOST_DAY_SLOW)
                .build();
        ConsumerRecord<String, Object> record = new ConsumerRecord<>(
                "herald.accepted",
                0,
                7,
                BROKER.toEpochMilli(),
                type,
                -1,
                -1,
                "robot",
                notification,
                new RecordHeaders(),
                Optional.empty());
        Poll<AcceptedNotification> poll = new Poll<>();
        poll.add(new Poll.Item<>(0, record, notification));
        return poll;
    }
}
