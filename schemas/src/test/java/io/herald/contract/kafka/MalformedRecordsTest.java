package io.herald.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.herald.contract.kafka.RecordReadException.Reason;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeadLetter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

class MalformedRecordsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MalformedRecords malformed = new MalformedRecords(meters);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(MalformedRecords.class);
    private long offset;

    @BeforeEach
    void captureLog() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    private ConsumerRecord<String, Object> record(Object value, RecordReadException failure) {
        RecordHeaders headers = new RecordHeaders();
        if (failure != null) {
            // the way the container gets it: ErrorHandlingDeserializer puts the failure and the bytes in a header
            Deserializer<Object> failing = (topic, data) -> {
                throw failure;
            };
            try (ErrorHandlingDeserializer<Object> deserializer = new ErrorHandlingDeserializer<>(failing)) {
                deserializer.deserialize("herald.accepted", headers, new byte[] {1, 2, 3});
            }
        }
        return new ConsumerRecord<>(
                "herald.accepted",
                2,
                offset++,
                -1L,
                TimestampType.NO_TIMESTAMP_TYPE,
                0,
                0,
                "key",
                value,
                headers,
                Optional.empty());
    }

    private static AcceptedNotification accepted() {
        return new AcceptedNotification();
    }

    @Test
    void readableRecordsPassAndMalformedOnesAreReportedInTheSamePoll() {
        List<ConsumerRecord<String, Object>> records = List.of(
                record(accepted(), null),
                record(null, new RecordReadException(Reason.NOT_AVRO, "first byte is 0x7b")),
                record(new DeadLetter(), null),
                record(null, null),
                record(accepted(), null));

        Poll<AcceptedNotification> poll = malformed.read(records, AcceptedNotification.class, "skipped");

        assertThat(poll.readable()).extracting(Poll.Item::index).containsExactly(0, 4);
        assertThat(poll.malformed())
                .extracting(MalformedRecord::index, MalformedRecord::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "not_avro"),
                        org.assertj.core.groups.Tuple.tuple(2, "wrong_schema"),
                        org.assertj.core.groups.Tuple.tuple(3, "not_avro"));
        assertThat(poll.malformed().getFirst().data()).containsExactly(1, 2, 3);
        assertThat(poll.stopped()).isFalse();
        assertThat(meters.get(MalformedRecords.METER)
                        .tag("reason", "not_avro")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(lines.list)
                .hasSize(3)
                .allSatisfy(line -> assertThat(line.getThrowableProxy()).isNull());
        assertThat(lines.list.getFirst().getFormattedMessage())
                .isEqualTo("Malformed record herald.accepted-2@1 (not_avro) skipped: first byte is 0x7b");
    }

    @Test
    void aRecordTheRegistryCouldNotBeAskedAboutStopsThePollThere() {
        List<ConsumerRecord<String, Object>> records = List.of(
                record(accepted(), null),
                record(null, new RecordReadException(Reason.REGISTRY_UNAVAILABLE, "connection refused")),
                record(accepted(), null));

        Poll<AcceptedNotification> poll = malformed.read(records, AcceptedNotification.class, "skipped");

        assertThat(poll.readable()).extracting(Poll.Item::index).containsExactly(0);
        assertThat(poll.malformed()).isEmpty();
        assertThat(poll.stopIndex()).isEqualTo(1);
        assertThatThrownBy(poll::throwIfStopped)
                .isInstanceOfSatisfying(
                        BatchListenerFailedException.class,
                        e -> assertThat(e.getIndex()).isEqualTo(1))
                .hasMessageContaining("connection refused");
        assertThat(malformed.isMalformed(poll.stop())).isFalse();
    }

    @Test
    void aFloodIsLoggedAsAFewLinesAndASummary() {
        List<ConsumerRecord<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            records.add(record(null, new RecordReadException(Reason.UNKNOWN_SCHEMA, "schema id 9 is not known")));
        }

        Poll<AcceptedNotification> poll = malformed.read(records, AcceptedNotification.class, "skipped");

        assertThat(poll.malformed()).hasSize(2_000);
        assertThat(lines.list).hasSize(MalformedRecordLog.LINES_PER_WINDOW);
        assertThat(meters.get(MalformedRecords.METER)
                        .tag("reason", "unknown_schema")
                        .counter()
                        .count())
                .isEqualTo(2_000);
    }

    @Test
    void theErrorHandlerSkipsWhatCanNeverBeReadAndRetriesTheRest() {
        DeserializationException unknown = new DeserializationException(
                "x", null, false, new RecordReadException(Reason.UNKNOWN_SCHEMA, "schema id 9 is not known"));
        DeserializationException registryDown = new DeserializationException(
                "x", null, false, new RecordReadException(Reason.REGISTRY_UNAVAILABLE, "timed out"));

        assertThat(malformed.isMalformed(new ListenerExecutionFailedException("l", unknown)))
                .isTrue();
        assertThat(malformed.isMalformed(
                        new ListenerExecutionFailedException("l", new UnprocessableRecordException("no"))))
                .isTrue();
        assertThat(malformed.isMalformed(new ListenerExecutionFailedException("l", registryDown)))
                .isFalse();
        assertThat(malformed.isMalformed(new IllegalStateException("broker not available")))
                .isFalse();
    }
}
