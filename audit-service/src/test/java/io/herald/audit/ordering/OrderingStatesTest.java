package io.herald.audit.ordering;

import static io.herald.audit.ordering.OrderingStatesFixture.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.herald.contract.kafka.RecordReadException;
import io.herald.schema.OrderingState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OrderingStatesTest {

    private static final String TOPIC = "herald.ordering";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

    private final MockConsumer<String, Object> consumer = new MockConsumer<>("earliest");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private OrderingStates states;
    private long offset;

    @AfterEach
    void stop() {
        if (states != null) {
            states.close();
        }
        ((Logger) LoggerFactory.getLogger(OrderingStates.class)).detachAppender(lines);
    }

    /** The topic already holds {@code existing} when the audit starts. */
    private void start(OrderingState... existing) {
        lines.start();
        ((Logger) LoggerFactory.getLogger(OrderingStates.class)).addAppender(lines);
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, (long) existing.length));
        consumer.schedulePollTask(() -> {
            for (OrderingState state : existing) {
                consumer.addRecord(record(state.getChannel(), state));
            }
        });
        states = new OrderingStates(TOPIC, () -> consumer);
        states.start();
    }

    private ConsumerRecord<String, Object> record(String key, Object value) {
        return new ConsumerRecord<>(TOPIC, 0, offset++, key, value);
    }

    private void write(String key, Object value) {
        consumer.schedulePollTask(() -> consumer.addRecord(record(key, value)));
    }

    @Test
    void readsTheTopicFromTheBeginningAndKeepsTheLatestStatePerChannel() {
        start(
                state("ops", T0, "n-1", "n-2").build(),
                state("ops", T0.plusSeconds(5), "n-2").build(),
                state("billing", T0).build());

        await().atMost(Duration.ofSeconds(5)).until(states::caughtUp);
        assertThat(states.all()).containsOnlyKeys("billing", "ops");
        assertThat(states.state("ops").orElseThrow().getWaiting())
                .extracting(w -> w.getNotificationId())
                .containsExactly("n-2");

        write("ops", state("ops", T0.plusSeconds(9)).build());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> states.state("ops").orElseThrow().getWaiting().isEmpty());
    }

    @Test
    void aTombstoneForgetsTheChannel() {
        start(state("ops", T0, "n-1").build());

        write("ops", null);

        await().atMost(Duration.ofSeconds(5)).until(() -> states.state("ops").isEmpty());
    }

    @Test
    void aRecordThatIsNotAnOrderingStateOrHasNoKeyIsSkippedWithOneLine() {
        start();

        write("ops", "a string, not a state");
        write(null, state("ops", T0).build());
        write("marker", state("marker", T0).build());

        await().atMost(Duration.ofSeconds(5)).until(() -> states.state("marker").isPresent());
        assertThat(states.state("ops")).isEmpty();
        assertThat(lines.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "Skipped channel 'ops' at offset 0 of herald.ordering: the value is not an ordering state",
                        "Skipped the record at offset 1 of herald.ordering: it has no key (the channel name)");
        assertThat(lines.list)
                .allSatisfy(line -> assertThat(line.getThrowableProxy()).isNull());
    }

    @Test
    void aRecordThatDoesNotDecodeIsSkippedWithOneLineAndNoStackTrace() {
        start(state("ops", T0, "n-1").build());
        await().atMost(Duration.ofSeconds(5)).until(states::caughtUp);

        long unreadable = offset++;
        consumer.schedulePollTask(() -> consumer.setPollException(new RecordDeserializationException(
                RecordDeserializationException.DeserializationExceptionOrigin.VALUE,
                PARTITION,
                unreadable,
                0L,
                TimestampType.CREATE_TIME,
                ByteBuffer.wrap("ops".getBytes(StandardCharsets.UTF_8)),
                ByteBuffer.wrap(new byte[] {1, 2, 3}),
                new RecordHeaders(),
                "Error deserializing VALUE",
                new RecordReadException(RecordReadException.Reason.NOT_AVRO, "first byte is 0x01"))));
        write("ops", state("ops", T0.plusSeconds(1)).build());

        await().atMost(Duration.ofSeconds(5))
                .until(() -> states.state("ops").orElseThrow().getWaiting().isEmpty());
        assertThat(lines.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "Skipped the ordering state of channel 'ops' at offset 1 of herald.ordering: it does not"
                                + " decode (first byte is 0x01); the page shows the channel's previous state");
        assertThat(lines.list.getFirst().getThrowableProxy()).isNull();
    }

    @Test
    void notFollowingKnowsNoStateAndIsNeverCaughtUp() {
        states = new OrderingStates(TOPIC, null);
        states.start();

        assertThat(states.all()).isEmpty();
        assertThat(states.caughtUp()).isFalse();
    }
}
