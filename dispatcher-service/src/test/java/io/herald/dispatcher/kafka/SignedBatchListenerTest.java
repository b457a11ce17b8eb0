package io.herald.dispatcher.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.kafka.MalformedRecords;
import io.herald.contract.kafka.RecordReadException;
import io.herald.contract.kafka.RecordReadException.Reason;
import io.herald.contract.provider.Provider;
import io.herald.contract.tracing.RecordTracing;
import io.herald.dispatcher.lanes.ChannelLanes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

class SignedBatchListenerTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SignedBatchListener listener = new SignedBatchListener(
            Provider.of("dingtalk"),
            new SignedBatchListener.Readers(
                    new ChannelLanes(null, Duration.ofSeconds(60), Clock.systemUTC()),
                    new MalformedRecords(meters),
                    RecordTracing.none()));

    @Test
    void listenerSkipsValuesThatAreNotSignedDeliveries() {
        listener.onMessage(List.of(
                record(0, "a string", null),
                record(1, null, null),
                record(2, null, new RecordReadException(Reason.NOT_AVRO, "first byte is 0x61"))));

        assertThat(skipped()).isEqualTo(3);
    }

    @Test
    void registryOutageIsNeverSkippedButRetriedFromThatRecord() {
        assertThatThrownBy(() -> listener.onMessage(List.of(
                        record(42, "a string", null),
                        record(43, null, new RecordReadException(Reason.REGISTRY_UNAVAILABLE, "Connection refused")))))
                .isInstanceOfSatisfying(
                        BatchListenerFailedException.class,
                        e -> assertThat(e.getIndex()).isEqualTo(1))
                .hasMessageContaining("schema registry unavailable while reading herald.signed.dingtalk-3@43");
        assertThat(skipped()).isEqualTo(1);
    }

    private double skipped() {
        return meters.find(MalformedRecords.METER).tag("topic", "herald.signed.dingtalk").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static ConsumerRecord<String, Object> record(long offset, Object value, RecordReadException failure) {
        RecordHeaders headers = new RecordHeaders();
        if (failure != null) {
            Deserializer<Object> failing = (topic, data) -> {
                throw failure;
            };
            try (ErrorHandlingDeserializer<Object> deserializer = new ErrorHandlingDeserializer<>(failing)) {
                deserializer.deserialize("herald.signed.dingtalk", headers, new byte[] {0, 0, 0, 0, 7});
            }
        }
        return new ConsumerRecord<>(
                "herald.signed.dingtalk",
                3,
                offset,
                0L,
                TimestampType.CREATE_TIME,
                0,
                0,
                "ops-alerts",
                value,
                headers,
                Optional.empty());
    }
}
